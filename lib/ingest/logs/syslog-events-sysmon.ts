// Sysmon for Linux (Sysinternals, github.com/microsoft/SysmonForLinux) writes each event as one
// XML document in a syslog line of program `sysmon`:
//   sysmon: <Event><System><Provider Name="Linux-Sysmon" …/><EventID>1</EventID>…<Computer>web01</Computer>
//   …</System><EventData><Data Name="UtcTime">2026-08-23 08:30:16.750</Data><Data Name="ProcessId">6201</Data>
//   <Data Name="Image">/usr/bin/sudo</Data><Data Name="CommandLine">sudo -u#-1 id</Data>…</EventData></Event>
// Three event types become the same typed events auditd gives (lib/ingest/logs/auditd-event.ts),
// so every log detector and the "both" comparison work with either host agent:
//   1 ProcessCreate  → exec: exe Image, argv CommandLine split, cwd CurrentDirectory, pid, ppid
//                      ParentProcessId, userName User, program the Image's base name
//   3 NetworkConnect → connect (Initiated true) or accept (false): the remote end as auditd names it —
//                      connect: dst = DestinationIp:Port; accept: src = the remote peer (no parent pid:
//                      Sysmon's event 3 names none, auditd's SYSCALL does)
//   11 FileCreate    → file_create: paths [TargetFilename], exe Image, pid
// Other event ids (5 ProcessTerminate, 4/16 service state, 9, 23 …) stay kind `syslog`. Time is the
// event's UtcTime (UTC, ms), which is exact where the syslog header is local and whole seconds.
import type { LogRecord } from '../../records/records';
import { setDstIp, setSrcIp, splitCommand, toInt, toPort } from './event-fields';

const DATA = /<Data Name="(\w+)">([^<]*)<\/Data>/g;
const EVENT_ID = /<EventID>(\d+)<\/EventID>/;
const COMPUTER = /<Computer>([^<]*)<\/Computer>/;
/** The fields a cut event must still hold, whole, to be read: what its typed event is made of. */
const CUT_EVENT_NEEDS: Record<'1' | '3' | '11', readonly string[]> = {
  '1': ['UtcTime', 'ProcessId', 'Image', 'CommandLine', 'CurrentDirectory', 'User'],
  '3': ['UtcTime', 'ProcessId', 'Image', 'Initiated', 'DestinationIp', 'DestinationPort'],
  '11': ['UtcTime', 'ProcessId', 'Image', 'TargetFilename'],
};

/** XML character references Sysmon escapes in values. */
function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g, (m, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const code = e.startsWith('#x') ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

const present = (v: string | undefined) => (v === undefined || v === '' || v === '-' ? undefined : v);

const UNSPECIFIED = /^(?:0\.0\.0\.0|::|0{1,4}(?::0{1,4}){7})$/;

function specified(ip: string | undefined): string | undefined {
  return ip === undefined || UNSPECIFIED.test(ip) ? undefined : ip;
}

function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}

/** `2026-08-23 08:30:16.750` (UTC) as ms, or undefined. */
function utcTime(s: string | undefined): number | undefined {
  const m = s === undefined ? null : /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/.exec(s);
  if (m === null) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3)));
  return Number.isNaN(ms) ? undefined : ms;
}

/** Sets the typed fields of a Sysmon for Linux event on `rec`; false when the message is not one it maps. */
export function matchSysmon(msg: string, rec: LogRecord): boolean {
  if (!msg.startsWith('<Event>') || !msg.includes('Linux-Sysmon')) return false;
  const id = EVENT_ID.exec(msg)?.[1];
  if (id !== '1' && id !== '3' && id !== '11') return false;
  const d = new Map<string, string>();
  for (const m of msg.matchAll(DATA)) d.set(m[1] ?? '', unescapeXml(m[2] ?? ''));
  // A cut event (a relay's or agent's line limit: OTRF's Log4Shell capture holds a process
  // creation cut at 2,048 bytes inside ParentCommandLine) is read only when the elements that
  // make it — whole `<Data>` elements before the cut — are all there; else it stays a plain line.
  if (!msg.trimEnd().endsWith('</Event>') && !CUT_EVENT_NEEDS[id].every((k) => d.has(k))) return false;
  const image = present(d.get('Image'));
  const pid = toInt(d.get('ProcessId'));
  const user = present(d.get('User'));
  if (id === '1') {
    rec.kind = 'exec';
    const cmd = present(d.get('CommandLine'));
    if (cmd !== undefined) rec.argv = splitCommand(cmd);
    const cwd = present(d.get('CurrentDirectory'));
    if (cwd !== undefined) rec.cwd = cwd;
    const ppid = toInt(d.get('ParentProcessId'));
    if (ppid !== undefined) rec.ppid = ppid;
    rec.result = 'success';
  } else if (id === '3') {
    const initiated = d.get('Initiated') !== 'false';
    rec.kind = initiated ? 'connect' : 'accept';
    // The unspecified address (Sysmon's `0:0:0:0:0:0:0:0` port 0 for a socket not connected
    // anywhere, seen in OTRF's capture) names no remote end: the event keeps none.
    const remoteIp = specified(present(initiated ? d.get('DestinationIp') : d.get('SourceIp')));
    const remotePort = toPort(initiated ? d.get('DestinationPort') : d.get('SourcePort'));
    if (initiated) {
      setDstIp(rec, remoteIp);
      if (rec.dstIp !== undefined && remotePort !== undefined) rec.dstPort = remotePort;
    } else {
      setSrcIp(rec, remoteIp);
      if (rec.srcIp !== undefined && remotePort !== undefined) rec.srcPort = remotePort;
    }
    rec.result = 'success';
  } else {
    const target = present(d.get('TargetFilename'));
    rec.kind = 'file_create';
    if (target !== undefined) rec.paths = [target];
  }
  if (image !== undefined) {
    rec.exe = image;
    rec.program = baseName(image);
  }
  if (pid !== undefined) rec.pid = pid;
  if (user !== undefined) rec.userName = user;
  const ts = utcTime(d.get('UtcTime'));
  if (ts !== undefined) rec.tsMs = ts;
  const computer = present(COMPUTER.exec(msg)?.[1]);
  if (rec.hostName === undefined && computer !== undefined) {
    rec.hostName = computer;
    rec.hostFrom = 'record';
  }
  return true;
}
