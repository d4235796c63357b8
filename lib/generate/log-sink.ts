// Per-host log output: auth.log, syslog and (where auditd runs) audit/audit.log under
// `<out>/logs/<host>/var/log/`. Generators may emit lines for any future time; lines wait in
// per-hour, per-host buckets. A host's hour is sorted and appended to its files as soon as that
// host's generator has run, so lines die young (cheap for the GC) and files stay in time order.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type AuditRecord, renderAuditEvent } from './audit-format';
import { BufferedFile } from './buffered-file';
import { Rng } from './prng';
import { SES_TOKEN_RE } from './session-token';
import { syslogJsonLine } from './syslog-json-line';
import { auditTime, rfc3164 } from './time-format';
import type { Host, World } from './world';

export const HOUR_MS = 3_600_000;

export type TextLog = 'auth' | 'syslog';

/** Files are appended once per host-hour; the buffer only has to hold one such chunk. */
const LOG_BUFFER = 1024 * 1024;

interface Pending {
  t: number;
  seq: number;
  host: Host;
  file: TextLog | 'audit' | 'other';
  text: string;
  /** `other` lines: the file under var/log/ and the line for the time the host's clock shows. */
  other?: { name: string; line: (shownMs: number) => string };
  records: AuditRecord[] | undefined;
  step: string | undefined;
}

interface HostFiles {
  auth: BufferedFile;
  syslog: BufferedFile;
  audit: BufferedFile | undefined;
  /** Files only some switches write (lib/generate/sources.ts), by path under var/log/. */
  other?: Map<string, BufferedFile>;
}

export class LogSink {
  private readonly buckets = new Map<number, Map<Host, Pending[]>>();
  /** Hosts of hour `flushedThrough + 1` already written. */
  private readonly doneHosts = new Set<Host>();
  private readonly files = new Map<Host, HostFiles>();
  private readonly serials = new Map<Host, number>();
  /** Per host: the real session id each placeholder got, and the last id given out. */
  private readonly sessions = new Map<Host, { ids: Map<string, { id: string; hour: number }>; last: number }>();
  private seq = 0;
  private flushedThrough = -1;
  /** Log lines written per truth step (after gaps and missing auditd are applied). */
  readonly evidence = new Map<string, number>();
  lines = 0;
  auditEvents = 0;

  constructor(
    private readonly world: World,
    readonly dir: string,
    /** Lines before this time were rotated away (`sources.retentionDays`); default: all kept. */
    private readonly keptFromMs = Number.NEGATIVE_INFINITY,
    /** Hosts whose syslog stays in the journal (`sources.journalOnly`): no auth.log/syslog text. */
    private readonly journalOnly: ReadonlySet<string> = new Set(),
    /** Hosts whose shipper writes auth.log/syslog as JSON lines (`sources.syslogJson`): the same events. */
    private readonly jsonHosts: ReadonlySet<string> = new Set(),
    /** Audit events the host's rules record (`sources.auditNoRules`); default: all. */
    private readonly auditKept?: (host: string, records: readonly AuditRecord[]) => boolean,
  ) {
    const rng = new Rng(world.seed, 'audit-serials');
    for (const host of world.hosts) {
      const base = path.join(dir, host.name, 'var', 'log');
      mkdirSync(base, { recursive: true });
      let audit: BufferedFile | undefined;
      if (host.hasAuditd) {
        mkdirSync(path.join(base, 'audit'), { recursive: true });
        audit = new BufferedFile(path.join(base, 'audit', 'audit.log'), LOG_BUFFER);
      }
      this.files.set(host, {
        auth: new BufferedFile(path.join(base, 'auth.log'), LOG_BUFFER),
        syslog: new BufferedFile(path.join(base, 'syslog'), LOG_BUFFER),
        audit,
      });
      // Hosts have been up for a while: serials and session ids start mid-range, not at 1.
      this.serials.set(host, rng.int(20_000, 900_000));
      this.sessions.set(host, { ids: new Map(), last: rng.int(3, 400) });
    }
  }

  /** One syslog-style line; `text` is `prog[pid]: message` without time and hostname. */
  text(host: Host, t: number, file: TextLog, text: string, step?: string): void {
    this.push({ t, seq: 0, host, file, text, records: undefined, step });
  }

  /** One line of a file other than auth.log/syslog/audit.log, e.g. `nginx/access.log` (written when first used). */
  other(host: Host, t: number, name: string, line: (shownMs: number) => string, step?: string): void {
    this.push({ t, seq: 0, host, file: 'other', text: '', records: undefined, step, other: { name, line } });
  }

  /** One auditd event; dropped at once on hosts without auditd. */
  audit(host: Host, t: number, records: AuditRecord[], step?: string): void {
    if (!host.hasAuditd) return;
    if (this.auditKept && !this.auditKept(host.name, records)) return;
    this.push({ t, seq: 0, host, file: 'audit', text: '', records, step });
  }

  private push(p: Pending): void {
    const t = Math.round(p.t);
    if (t < this.world.startMs || t >= this.world.endMs) return;
    let hour = Math.floor((t - this.world.startMs) / HOUR_MS);
    // A generator reaching back into an hour already written (e.g. a negative jitter) lands in
    // the next open hour instead; order inside a host file stays monotonic.
    if (hour <= this.flushedThrough) hour = this.flushedThrough + 1;
    if (hour === this.flushedThrough + 1 && this.doneHosts.has(p.host)) hour++;
    p.t = t;
    p.seq = this.seq++;
    let bucket = this.buckets.get(hour);
    if (!bucket) {
      bucket = new Map();
      this.buckets.set(hour, bucket);
    }
    const list = bucket.get(p.host);
    if (list) list.push(p);
    else bucket.set(p.host, [p]);
  }

  /** Write `host`'s lines of `hour` (0-based from the period start). */
  flushHost(hour: number, host: Host): void {
    const list = this.buckets.get(hour)?.get(host);
    this.doneHosts.add(host);
    if (!list) return;
    this.buckets.get(hour)?.delete(host);
    list.sort((a, b) => a.t - b.t || a.seq - b.seq);
    for (const p of list) this.render(p);
    const files = this.files.get(host);
    files?.auth.flush();
    files?.syslog.flush();
    files?.audit?.flush();
    for (const f of files?.other?.values() ?? []) f.flush();
  }

  /** Write whatever is left of `hour` and close it. */
  flushHour(hour: number): void {
    for (const host of this.world.hosts) if (!this.doneHosts.has(host)) this.flushHost(hour, host);
    this.buckets.delete(hour);
    this.doneHosts.clear();
    this.flushedThrough = hour;
    // No session outlives a day here; forgetting older placeholders keeps a week-long run small.
    if (hour % 24 === 0) {
      for (const state of this.sessions.values()) {
        for (const [token, e] of state.ids) if (e.hour < hour - 24) state.ids.delete(token);
      }
    }
  }

  /** Replace session placeholders (see Ctx.nextSes) by ids increasing in time order. */
  private numberSessions(host: Host, s: string): string {
    if (!s.includes('2130')) return s;
    const state = this.sessions.get(host);
    if (!state) return s;
    return s.replace(SES_TOKEN_RE, (token) => {
      let entry = state.ids.get(token);
      if (!entry) {
        entry = { id: String(++state.last), hour: this.flushedThrough };
        state.ids.set(token, entry);
      }
      return entry.id;
    });
  }

  private render(p: Pending): void {
    const { host } = p;
    const files = this.files.get(host);
    if (!files) return;
    const inGap = (host.gap !== undefined && p.t >= host.gap.startMs && p.t < host.gap.endMs) || p.t < this.keptFromMs;
    const shown = p.t + host.skewMs;
    if (p.file === 'audit') {
      // The kernel keeps numbering events while auditd is down: a gap shows as a serial jump.
      const serial = (this.serials.get(host) ?? 0) + 1;
      this.serials.set(host, serial);
      if (!files.audit || !p.records) return;
      const text = this.numberSessions(host, renderAuditEvent(auditTime(shown), serial, p.records));
      if (inGap) return;
      files.audit.write(text);
      this.auditEvents++;
    } else if (p.other) {
      if (inGap) return;
      if (!files.other) files.other = new Map();
      let file = files.other.get(p.other.name);
      if (!file) {
        const full = path.join(this.dir, host.name, 'var', 'log', p.other.name);
        mkdirSync(path.dirname(full), { recursive: true });
        file = new BufferedFile(full, LOG_BUFFER);
        files.other.set(p.other.name, file);
      }
      file.write(`${p.other.line(shown)}\n`);
      this.lines++;
    } else {
      const text = this.numberSessions(host, p.text);
      if (inGap) return;
      if (this.journalOnly.has(host.name)) return; // in the binary journal only

      files[p.file as TextLog].write(
        this.jsonHosts.has(host.name) ? `${syslogJsonLine(shown, host.name, text)}\n` : `${rfc3164(shown)} ${host.name} ${text}\n`,
      );
      this.lines++;
    }
    if (p.step) this.evidence.set(p.step, (this.evidence.get(p.step) ?? 0) + 1);
  }

  /** Flush all remaining hours and the file buffers; returns the paths written. */
  close(): string[] {
    const hours = [...this.buckets.keys()].sort((a, b) => a - b);
    for (const h of hours) this.flushHour(h);
    const paths: string[] = [];
    for (const [host, f] of this.files) {
      if (this.journalOnly.has(host.name)) {
        // No rsyslog: the text files never existed; the journal's own file is in the bundle.
        rmSync(f.auth.path);
        rmSync(f.syslog.path);
        paths.push(writeJournalStub(path.join(this.dir, host.name, 'var', 'log'), this.world.seed, host.name));
        for (const file of [f.audit, ...(f.other?.values() ?? [])]) {
          if (!file) continue;
          file.flush();
          paths.push(file.path);
        }
        continue;
      }
      for (const file of [f.auth, f.syslog, f.audit, ...(f.other?.values() ?? [])]) {
        if (!file) continue;
        file.flush();
        paths.push(file.path);
      }
    }
    return paths;
  }

  get bytes(): number {
    let n = 0;
    for (const f of this.files.values()) {
      n += f.auth.written + f.syslog.written + (f.audit?.written ?? 0);
      for (const o of f.other?.values() ?? []) n += o.written;
    }
    return n;
  }
}

/**
 * `journal/<machine-id>/system.journal`: the systemd journal file's header signature and
 * zeroed header only (journal-def.h `HEADER_SIGNATURE`, 256-byte header). Sightline lists the
 * journal as skipped and never reads it, so its entries are not written.
 */
function writeJournalStub(logDir: string, seed: number, hostName: string): string {
  const rng = new Rng(seed, `machine-id:${hostName}`);
  const machineId = Array.from({ length: 32 }, () => '0123456789abcdef'[rng.int(0, 15)]).join('');
  const dir = path.join(logDir, 'journal', machineId);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'system.journal');
  const header = Buffer.alloc(256);
  header.write('LPKSHHRH', 0, 'latin1');
  writeFileSync(file, header);
  return file;
}
