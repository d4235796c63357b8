import type { LogFormat } from '../format';
import { vsftpdFormat, xferlogFormat } from './ftp';
import { mysqlErrorFormat, mysqlGeneralFormat } from './mysql';
import { postgresFormats } from './postgres';
import { redisFormat } from './redis';
import { jsonSyslogFormat } from './syslog-json';
import { lastlogFormat, utmpFormat } from './utmp';
import { webAccessFormat, webAccessJsonFormat } from './web-access';
import { webErrorFormat } from './web-error';

// Logs of the services attacks touch, each recognised as itself (never as the nearest syslog):
// database servers, web servers, FTP servers, binary login records; and syslog as log shippers write it (JSON lines).
export const serviceLogFormats: LogFormat[] = [
  ...postgresFormats,
  redisFormat,
  mysqlErrorFormat,
  mysqlGeneralFormat,
  webAccessFormat,
  webAccessJsonFormat,
  webErrorFormat,
  utmpFormat,
  lastlogFormat,
  jsonSyslogFormat,
  xferlogFormat,
  vsftpdFormat,
];
