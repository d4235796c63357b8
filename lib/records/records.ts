// The records every step shares: ingest writes them, hosts, detect and correlate read them
// (as rows of `flow` and `log_event`). Parsers produce them; nothing here knows a format.

/** A normalised flow. Times are ms since the epoch (UTC). Addresses are text (IPv4 dotted or IPv6). */
export interface FlowRecord {
  /** 1-based line (text formats) or record index (binary formats), for drill-down. */
  recordNo: number;
  startMs: number;
  endMs: number;
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  /** IANA protocol number (6 TCP, 17 UDP, 1 ICMP …). */
  proto: number;
  packets: number;
  bytes: number;
  /** Reverse direction, when the export is two-way (Zeek, IPFIX biflow) or after stitching. */
  revPackets?: number;
  revBytes?: number;
  /** TCP flags as a bit mask (FIN 1, SYN 2, RST 4, PSH 8, ACK 16, URG 32, ECE 64, CWR 128). */
  tcpFlags?: number;
  revTcpFlags?: number;
  /** Record number of the reverse direction's own record, when two one-way records were stitched. */
  revRecordNo?: number;
  exporter?: string;
  /** Sampling interval already applied to packets/bytes (1 = unsampled). */
  sampling?: number;
}

/**
 * An alert of a network IDS (Suricata EVE `alert` event): the sensor's own detection, kept so
 * the network detector `network.ids-alert` can report it like any other network detection.
 * `stage` and `technique` come from the rule's ATT&CK metadata or its classtype
 * (lib/ingest/flows/eve-alert.ts); an alert with no defensible stage keeps `stage` undefined
 * and is stored, counted, never a detection.
 */
export interface IdsAlertRecord {
  /** 1-based line of the event. */
  lineNo: number;
  tsMs: number;
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  proto: number;
  signature: string;
  signatureId?: number;
  /** The classtype's description as EVE writes it ("Web Application Attack"). */
  category?: string;
  /** Suricata priority, 1 (highest) to 4. */
  severity?: number;
  stage?: string;
  technique?: string;
  /** EVE `flow_id`: the same number as the flow event of the connection. */
  flowId?: string;
}

/** Kinds of typed log events; detectors key on these. */
export type LogEventKind =
  | 'ssh_failed'
  | 'ssh_accepted'
  | 'ssh_invalid_user'
  | 'ssh_preauth'
  | 'ssh_no_ident'
  | 'ssh_break_in'
  | 'ssh_too_many_failures'
  | 'ssh_error'
  | 'sudo'
  | 'sudo_denied'
  | 'su'
  | 'user_add'
  | 'group_add'
  | 'user_mod'
  | 'passwd_change'
  | 'cron_run'
  | 'cron_replace'
  | 'service_start'
  | 'unit_new'
  | 'firewall_drop'
  | 'address_assigned'
  | 'exec'
  | 'connect'
  | 'bind'
  | 'accept'
  | 'file_write'
  | 'file_create'
  | 'login'
  | 'auth'
  | 'priv_cmd'
  | 'module_load'
  | 'syslog'
  | 'audit'
  // Database servers (PostgreSQL, Redis, MySQL): `srcIp`/`srcPort` the client, `userName` the role,
  // `argv` as `key=value` words (`database=shopdb`, `application_name=pg_dump`, a statement).
  | 'db_connection'
  | 'db_login'
  | 'db_login_failed'
  /** A session or statement that copies data out: pg_dump/mysqldump sessions, `COPY … TO`, Redis SAVE. */
  | 'db_export'
  | 'db_config_change'
  | 'db_replication'
  /** A database server loading a module (Redis `MODULE LOAD`, a rogue-master attack's `.so`): `paths` [file]. */
  | 'db_module_load'
  // Web servers (nginx, Apache): `srcIp` the client, `paths` [path], `result` the status, and
  // `argv` = [method, path, status, bytes, user agent, referrer] (empty string when absent).
  | 'http_request'
  | 'http_error'
  // Binary login records (wtmp, btmp, lastlog): `userName` (lastlog: `uid`), `srcIp`, `argv` [tty, remote host as
  // written], `result` login/logout/failed.
  | 'login_record'
  | 'login_failed_record'
  | 'lastlog'
  // FTP servers (vsftpd, proFTPD, xferlog): `srcIp` the client, `userName`, `paths` [file], `argv` with
  // `bytes=N`; a download is data leaving the server (a data export), an upload a file arriving.
  | 'ftp_connect'
  | 'ftp_login'
  | 'ftp_login_failed'
  | 'ftp_download'
  | 'ftp_upload'
  | 'ftp_delete';

/** Where a log record's host name came from (issue 14 §2): shown beside the host. */
export type HostNameSource = 'syslog-header' | 'audit-node' | 'journal' | 'bundle-folder' | 'record';

/** A normalised log event. */
export interface LogRecord {
  /** 1-based line of the (first) record in the file, for drill-down. */
  lineNo: number;
  tsMs: number;
  hostName?: string;
  /** Where `hostName` came from (kept in memory; not a column). */
  hostFrom?: HostNameSource;
  program?: string;
  pid?: number;
  /** Parent process id (auditd SYSCALL `ppid`), to link a process to the one that spawned it. */
  ppid?: number;
  kind: LogEventKind;
  userName?: string;
  uid?: number;
  euid?: number;
  auid?: number;
  exe?: string;
  argv?: string[];
  cwd?: string;
  paths?: string[];
  srcIp?: string;
  srcPort?: number;
  dstIp?: string;
  dstPort?: number;
  result?: string;
  /** The original text (all records of an auditd event, newline-joined), shown as text only. */
  raw: string;
}

/** Log formats that carry host audit records (exec, connect): auditd raw, laurel JSON, AUOMS. */
export const AUDIT_FORMATS: readonly string[] = ['auditd', 'laurel-json', 'auoms'];

/**
 * A DNS query a network sensor logged (Zeek dns.log, Suricata EVE `dns`), its answer folded in
 * when the sensor gave one. Times are ms since the epoch (UTC). Stored in `dns_query`.
 */
export interface DnsQueryRecord {
  /** 1-based line of the file (the query's line), for drill-down. */
  lineNo: number;
  tsMs: number;
  clientIp: string;
  clientPort?: number;
  resolverIp: string;
  resolverPort?: number;
  /** The name asked, lower-case, without the trailing dot. */
  query: string;
  /** Its registered domain (eTLD+1 by the Public Suffix List), when it has one. */
  registeredDomain?: string;
  /** A, AAAA, TXT, NULL, PTR … (`TYPEn` when the sensor gave only a number). */
  qtype?: string;
  /** NOERROR, NXDOMAIN … (undefined when no answer was seen). */
  rcode?: string;
  answers?: number;
  /** The addresses the answer gave (A/AAAA records), when the sensor logged them. */
  answerIps?: string[];
}
