import type { LogFormat } from '../format';
import { postgresFormats } from './postgres';

// Logs of the services attacks touch, each recognised as itself (never as the nearest syslog):
// database servers, web servers, binary login records.
export const serviceLogFormats: LogFormat[] = [...postgresFormats];
