// Source switches of the generator: each one is a change an advice kind recommends
// (lib/advice/advice.ts), so a test can generate a scenario with the source as it is, take the
// activities the advice counted, generate again with the source changed (same seed) and check
// that exactly those turned visible. Left out, every switch keeps today's output.

import { z } from 'zod';
import type { AuditRecord } from './audit-format';
import type { Ctx } from './ctx';
import type { Session } from './flow-sink';
import type { World } from './world';

export const ZSources = z.object({
  /** The DMZ firewall exports every packet (sampling 1) instead of 1 in `world.samplingInterval`. */
  unsampledEdge: z.boolean().optional(),
  /**
   * The log bundle holds only the last `retentionDays` of every host's logs (logrotate and
   * auditd rotated the rest away); fractions allowed (0.125 = 3 hours). Left out: all kept.
   */
  retentionDays: z.number().positive().max(365).optional(),
  /**
   * Web servers keep access logs: nginx (80/443) in `nginx/access.log`, the Java application
   * (8080, Tomcat's AccessLogValve) in `app/access.log`, combined format, one line per answered
   * HTTP session. Left out: no access log in the bundle (today).
   */
  webAccessLogs: z.boolean().optional(),
  /**
   * Hosts without rsyslog: what sshd, sudo, cron and the kernel log stays in the systemd journal
   * (`var/log/journal/<machine-id>/system.journal`, binary) and is not forwarded to text
   * auth.log/syslog. Left out: every host forwards (today).
   */
  journalOnly: z.array(z.string()).optional(),
  /**
   * Hosts whose log shipper writes auth.log and syslog as JSON lines (rsyslog's JSON template:
   * timestamp, host, programname, procid, msg) instead of RFC 3164 text; `true` for every host.
   * The same events either way. Left out: RFC 3164 text (today).
   */
  syslogJson: z.union([z.boolean(), z.array(z.string())]).optional(),
  /**
   * Hosts whose auditd runs with no rules loaded (Debian's shipped `audit.rules` holds only `-D`,
   * `-b` and `-f`): their audit.log keeps the user-space records PAM, sshd and sudo send (USER_*,
   * LOGIN, CRED_*), no syscall event — no execve, connect or file watch. Left out: every host
   * with auditd has the generator's rules (today).
   */
  auditNoRules: z.array(z.string()).optional(),
  /**
   * On the `auditNoRules` hosts, the `~/.ssh` watches are loaded (`-w /home/<user>/.ssh -p wa -k
   * ssh_keys`, the advice kind `auditd-ssh-key-watch`): writes there are recorded, nothing else.
   */
  sshKeyWatches: z.boolean().optional(),
});
export type Sources = z.infer<typeof ZSources>;

export function edgeSampling(world: World, sources: Sources | undefined): number {
  return sources?.unsampledEdge ? 1 : world.samplingInterval;
}

export function journalOnlyHosts(sources: Sources | undefined): ReadonlySet<string> {
  return new Set(sources?.journalOnly ?? []);
}

export function syslogJsonHosts(world: World, sources: Sources | undefined): ReadonlySet<string> {
  const j = sources?.syslogJson;
  return new Set(j === true ? world.hosts.map((h) => h.name) : Array.isArray(j) ? j : []);
}

/** The key of the generator's `~/.ssh` watch records (audit-format.ts `fileWriteEvent`). */
const SSH_KEYS_WATCH_KEY = 'key="wr_sshkeys"';

/**
 * Which audit events a host's rules let through (`sources.auditNoRules`, `sources.sshKeyWatches`):
 * undefined when every event is kept (today).
 */
export function auditKept(sources: Sources | undefined): ((host: string, records: readonly AuditRecord[]) => boolean) | undefined {
  const bare = new Set(sources?.auditNoRules ?? []);
  if (bare.size === 0) return undefined;
  const watches = sources?.sshKeyWatches === true;
  return (host, records) => {
    if (!bare.has(host)) return true;
    const sys = records.find((r) => r.type === 'SYSCALL');
    if (!sys) return true; // user-space records need no rule
    return watches && sys.body.includes(SSH_KEYS_WATCH_KEY);
  };
}

/** The first time the bundle keeps lines of (−∞ without a retention limit). */
export function logsKeptFrom(world: World, sources: Sources | undefined): number {
  const days = sources?.retentionDays;
  return days === undefined ? Number.NEGATIVE_INFINITY : world.endMs - Math.round(days * 86_400_000);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** `[02/Mar/2026:10:04:07 +0000]`, the CLF time nginx and Tomcat write (hosts keep UTC here). */
export function clfTime(ms: number): string {
  const d = new Date(ms);
  return `[${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000]`;
}

const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36';
const PAGES = ['/', '/products', '/products/42', '/cart', '/static/app.js', '/static/site.css', '/api/v1/catalog', '/login'];
const PROBES = ['/manager/html', '/.env', '/actuator/env', '/actuator/health', '/api/v1/users', '/console', '/admin', '/jolokia', '/.git/config'];

/** The request a session carried, from what the session is (no random draw: other output stays as it was). */
function requestOf(s: Session): { method: string; path: string; status: number; ua: string } {
  const k = s.sport;
  if (s.step === 'web-probe') return { method: 'GET', path: PROBES[k % PROBES.length] as string, status: 404, ua: BROWSER };
  if (s.step === 'web-exploit') return { method: 'POST', path: '/api/v1/render', status: 200, ua: BROWSER };
  if (s.dport === 8080) return { method: 'GET', path: `/api/v1/orders?page=${(k % 5) + 1}`, status: 200, ua: 'partner-sync/2.3 (+https://partner.example)' };
  if (s.dport === 80) return { method: 'GET', path: '/', status: 301, ua: BROWSER };
  return { method: 'GET', path: PAGES[k % PAGES.length] as string, status: 200, ua: BROWSER };
}

/** With `sources.webAccessLogs`: every answered HTTP(S) session into a web server leaves its access-log line. */
export function tapWebAccessLogs(ctx: Ctx, sources: Sources | undefined): void {
  if (!sources?.webAccessLogs) return;
  const { world } = ctx;
  ctx.sessionTaps.push((s) => {
    const host = world.byIp.get(s.dst);
    if (host?.role !== 'web' || s.proto !== 'tcp' || s.rpkts <= 0 || (s.shape ?? 'established') !== 'established') return;
    if (s.dport !== 80 && s.dport !== 443 && s.dport !== 8080) return;
    // The server sees the branch office through its NAT gateway, as the exporters do.
    const client = world.byIp.get(s.src)?.segment === 'nat-workstations' ? world.natIp : s.src;
    const r = requestOf(s);
    const name = s.dport === 8080 ? 'app/access.log' : 'nginx/access.log';
    const bytes = Math.max(0, Math.round(s.rbytes) - 52 * Math.round(s.rpkts));
    ctx.logs.other(
      host,
      s.startMs + Math.max(0, s.durationMs),
      name,
      (shown) => `${client} - - ${clfTime(shown)} "${r.method} ${r.path} HTTP/1.1" ${r.status} ${bytes} "-" "${r.ua}"`,
      s.step,
    );
  });
}
