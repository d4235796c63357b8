// What each format looks like and what Sightline takes from it: the one text the upload page,
// `sightline formats` and the README's format table show (scripts/gen-formats-doc.ts writes the
// README part; lib/ingest/format-guide.test.ts holds every registered format to an entry here and
// the README to this text). Binary formats show what their own tool prints for one record.
import type { AnyFormat } from './sniff';

export interface FormatGuide {
  /** One line of the format (for a binary format: how its own tool prints one record). */
  example: string;
  /** What Sightline reads from it. */
  takes: string;
}

export const FORMAT_GUIDE: Readonly<Record<string, FormatGuide>> = {
  'nfdump-csv': {
    example: '2026-12-04 20:16:20,2026-12-04 20:16:21,1.000,203.0.113.66,10.40.0.5,51562,22,TCP,.AP.SF,0,0,12,900,…',
    takes: 'one-way flows (stitched into two-way sessions): times, addresses, ports, protocol, packets, bytes, TCP flags',
  },
  'zeek-conn': {
    example: '1733343380.100 CHhAvVGS1DHFjwGM9 203.0.113.66 51562 10.40.0.5 22 tcp ssh 3.4 900 4100 SF … 12 1380 10 4620',
    takes: 'two-way connections: times, addresses, ports, protocol, packets and bytes each way, TCP history as flags',
  },
  'zeek-dns': {
    example: '1733343380.100 CHhAvVGS1DHFjwGM9 10.40.0.5 40312 10.40.0.2 53 udp 41577 0.01 a3f9…c1.t.example.net 1 C_INTERNET 16 TXT 0 NOERROR …',
    takes: 'DNS queries: time, client, resolver, name and its registered domain, type, response code, answers (for the DNS-tunnel detector)',
  },
  'vpc-flow': {
    example: '2 123456789012 eni-0a1b2c3d 203.0.113.66 10.40.0.5 51562 22 6 12 900 1733343380 1733343440 ACCEPT OK',
    takes: 'one-way flow records (accepted and rejected): addresses, ports, protocol, packets, bytes, window start and end',
  },
  'nfdump-json': {
    example: '{"type":"FLOW","first":"2026-12-04T20:16:20.100","src4_addr":"203.0.113.66","dst4_addr":"10.40.0.5","proto":6,…}',
    takes: 'one-way flows as nfdump -o json writes them: times, addresses, ports, protocol, packets, bytes, TCP flags',
  },
  'suricata-eve': {
    example: '{"timestamp":"2026-12-04T20:16:20.100000+0000","event_type":"alert","src_ip":"203.0.113.66",…,"alert":{"signature":"ET EXPLOIT …"}}',
    takes:
      'flow events as two-way flows, netflow events one-way; alert events as IDS alerts, reported by network.ids-alert with the stage of the rule’s ATT&CK metadata or classtype; dns events as DNS queries; other event types counted',
  },
  'netflow-pcap': {
    example: 'tcpdump -w of UDP/2055 or 4739: NetFlow v5/v9 or IPFIX export packets',
    takes: 'the flow records inside the export datagrams (templates kept per exporter), the exporter address',
  },
  'netflow-raw': {
    example: 'the UDP payloads of a NetFlow v5/v9 or IPFIX exporter, back to back (nfcapd -w spool, socat dumps)',
    takes: 'the flow records of each datagram, templates in order',
  },
  'ipfix-file': {
    example: 'RFC 5655 file (YAF, ipfixcol2, pmacct): 00 0a … IPFIX messages with their templates',
    takes: 'flow records (uni- and biflow): times, addresses, ports, protocol, packets, bytes, TCP flags',
  },
  nfcapd: {
    example: 'nfcapd.202612042015 — nfdump -r prints: 2026-12-04 20:16:20.100 1.000 TCP 203.0.113.66:51562 -> 10.40.0.5:22 12 900 1',
    takes: 'the flow records of every data block (LZO, LZ4, bzip2, ZSTD or plain), as nfdump -r lists them',
  },
  'packet-capture': {
    example: 'pcap/pcapng of the traffic itself (tcpdump -w, Wireshark)',
    takes: 'packets metered into two-way flows (5-tuple, 120 s idle timeout)',
  },
  'syslog-rfc3164': {
    example: 'Dec  4 20:16:20 web01 sshd[812]: Failed password for root from 203.0.113.66 port 51562 ssh2',
    takes: 'host, program, pid and typed events: SSH logins and failures, sudo, su, accounts, cron, services, firewall drops, Sysmon for Linux, proFTPD logins',
  },
  'syslog-iso8601': {
    example: '2026-12-04T20:16:20.120000+00:00 web01 sysmon: <Event><System><Provider Name="Linux-Sysmon" …/><EventID>1</EventID>…',
    takes: 'as RFC 3164 syslog, with exact times; Sysmon for Linux events 1, 3, 11 as auditd’s exec, connect, file_create',
  },
  'syslog-rfc5424': {
    example: '<38>1 2026-12-04T20:16:20.120Z web01 sshd 812 - - Accepted publickey for alice from 203.0.113.66 port 51562 ssh2',
    takes: 'as RFC 3164 syslog',
  },
  'journald-json': {
    example: '{"__REALTIME_TIMESTAMP":"1733343380120000","_HOSTNAME":"web01","SYSLOG_IDENTIFIER":"sshd","MESSAGE":"Failed password …"}',
    takes: 'as syslog: host, program, pid and the same typed events',
  },
  auditd: {
    example: 'type=SYSCALL msg=audit(1733343380.118:501): arch=c000003e syscall=59 success=yes … comm="bash" exe="/usr/bin/bash"',
    takes: 'one event per serial: exec (argv, cwd, pid, ppid, users), connect/accept/bind with the peer, file writes and creation, logins, module loads',
  },
  'laurel-json': {
    example: '{"ID":"1733343380.118:501","SYSCALL":{"syscall":"execve","exe":"/usr/bin/bash",…},"EXECVE":{"argv":["bash","-i"]}}',
    takes: 'as auditd',
  },
  auoms: {
    example: '{"Timestamp":"2026-12-04T20:16:20.118Z","Computer":"web01","RecordTypeName":"AUOMS_EXECVE","cmdline":"bash -i",…}',
    takes: 'as auditd',
  },
  'postgresql-log': {
    example: '2026-12-04 20:16:20.120 UTC [4711] LOG:  connection authorized: user=shop database=shopdb application_name=pg_dump',
    takes: 'connections, logins and failed logins, pg_dump sessions and COPY … TO (data exports), configuration changes',
  },
  'postgresql-csvlog': {
    example: '2026-12-04 20:16:20.120 UTC,"shop","shopdb",4711,"203.0.113.66:51562",…,"connection authorized: …"',
    takes: 'as the PostgreSQL server log',
  },
  'postgresql-jsonlog': {
    example: '{"timestamp":"2026-12-04 20:16:20.120 UTC","user":"shop","dbname":"shopdb","pid":4711,"message":"connection authorized: …"}',
    takes: 'as the PostgreSQL server log',
  },
  'redis-log': {
    example: '812:M 04 Dec 2026 20:16:20.120 * DB saved on disk',
    takes: 'SAVE/BGSAVE (data exports), CONFIG REWRITE, replica and master changes with the peer, module loads, accepted clients',
  },
  'mysql-error': {
    example: "2026-12-04T20:16:20.123456Z 9 [Note] [MY-010926] [Server] Access denied for user 'root'@'203.0.113.66' (using password: YES)",
    takes: 'failed logins with the client, aborted connections, server starts',
  },
  'mysql-general': {
    example: '2026-12-04T20:16:20.000000Z\t   21 Connect\twebapp@203.0.113.66 on shop using TCP/IP',
    takes: 'logins and failures, INTO OUTFILE and mysqldump reads (data exports), SET GLOBAL (configuration changes)',
  },
  'web-access': {
    example: '203.0.113.66 - - [04/Dec/2026:20:16:20 +0000] "GET /cgi-bin/.%2e/.%2e/bin/sh HTTP/1.1" 400 157 "-" "curl/8.5.0"',
    takes: 'requests: client, method, path, status, bytes, user agent, referrer',
  },
  'web-access-json': {
    example: '{"time":"2026-12-04T20:16:20+00:00","remote_addr":"203.0.113.66","request":"GET /.env HTTP/1.1","status":404,…}',
    takes: 'as the web access log',
  },
  'web-error': {
    example: '2026/12/04 20:16:20 [error] 812#812: *1 open() "/var/www/html/.env" failed (2: No such file or directory), client: 203.0.113.66, …',
    takes: 'errors with client, method, path',
  },
  utmp: {
    example: 'binary wtmp/btmp (384-byte records) — last -f wtmp prints: alice pts/0 203.0.113.66 Thu Dec  4 20:16 - 20:40 (00:24)',
    takes: 'logins, logouts and failed logins (btmp) with user, terminal and source address',
  },
  lastlog: {
    example: 'binary lastlog (292-byte records by uid) — lastlog prints: alice pts/0 203.0.113.66 Thu Dec  4 20:16:20 +0000 2026',
    takes: 'the last login of each uid with terminal and source address',
  },
  'syslog-json': {
    example: '{"timestamp":"2026-12-04T20:16:20.120Z","host":"web01","program":"sshd","pid":812,"msg":"Failed password for root from …"}',
    takes: 'as text syslog: every event goes through the same extraction (rsyslog, syslog-ng, Fluent Bit, Vector, GELF, Elastic ECS keys)',
  },
  xferlog: {
    example: 'Thu Dec  4 20:16:20 2026 1 203.0.113.66 52428800 /srv/ftp/export/customers.csv b _ o r alice ftp 0 * c',
    takes: 'FTP transfers: downloads (data exports), uploads, deletions with client, user, file, bytes, completion',
  },
  'vsftpd-log': {
    example: 'Thu Dec  4 20:16:20 2026 [pid 812] [alice] OK DOWNLOAD: Client "203.0.113.66", "/srv/ftp/c.csv", 52428800 bytes, 1024.00Kbyte/sec',
    takes: 'FTP connects, logins and failed logins, downloads (data exports), uploads, deletions with client, user, file, bytes',
  },
  'shell-history': {
    example: '#1733342580 / pg_dump -U shop shopdb > /var/tmp/.cache-x/db.sql (bash with HISTTIMEFORMAT; zsh ": 1733342580:0;cmd"; fish "- cmd: … / when: …")',
    takes:
      'dated commands as executed commands (one per simple command, sudo unwrapped) of the account named by the path (root/, home/<user>/) on the bundle folder’s host; commands without times (plain bash history, recognised by its file name only) counted in a notice, not placed on the timeline',
  },
};

export interface FormatListing extends FormatGuide {
  id: string;
  kind: 'flows' | 'logs';
  label: string;
}

/** Every format in the registry's order with its example and what Sightline takes from it. */
export function formatListing(formats: readonly AnyFormat[]): FormatListing[] {
  return formats.map((f) => ({
    id: f.id,
    kind: f.kind,
    label: f.label,
    ...(FORMAT_GUIDE[f.id] ?? { example: '—', takes: '—' }),
  }));
}

/** The README's format table (markdown). */
export function formatTableMarkdown(formats: readonly AnyFormat[]): string {
  const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const rows = formatListing(formats).map(
    (f) => `| \`${f.id}\` | ${f.kind} | ${cell(f.label)} | \`${cell(f.example).replaceAll('`', "'")}\` | ${cell(f.takes)} |`,
  );
  return ['| id | kind | format | example | what Sightline takes from it |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
