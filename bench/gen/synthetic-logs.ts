// N synthetic log events as Linux log bundles, streamed to disk: `<host>/var/log/auth.log`
// (RFC 3164 lines of sshd, pam, CRON, sudo, systemd-logind in a realistic mix) and
// `<host>/var/log/audit/audit.log` (multi-record auditd events rendered by the product's
// generator: execve = SYSCALL+EXECVE+CWD+PATH+PATH+PROCTITLE, connect = SYSCALL+SOCKADDR+PROCTITLE,
// file write = SYSCALL+CWD+PATH+PATH+PROCTITLE). Folder names name the hosts, as in real bundles.
import fs from 'node:fs';
import path from 'node:path';
import { type AuditProc, connectEvent, execveEvent, fileWriteEvent, renderAuditEvent } from '../../lib/generate/audit-format';
import { BufferedFile } from '../../lib/generate/buffered-file';
import { Rng } from '../../lib/generate/prng';
import { auditTime, rfc3164 } from '../../lib/generate/time-format';
import { PERIOD_MS, PERIOD_START_MS } from './synthetic-flows';

const HOSTS = 10;
const USERS = ['alice', 'bob', 'carol', 'deploy', 'backup', 'root'];
const BAD_USERS = ['admin', 'test', 'oracle', 'ubuntu', 'pi', 'guest', 'user', 'ftpuser'];
const COMMANDS: readonly (readonly string[])[] = [
  ['/usr/bin/ls', '-la', '/var/www'],
  ['/usr/bin/curl', '-fsSL', 'https://updates.example.com/manifest.json'],
  ['/usr/bin/apt-get', 'install', '-y', 'nginx'],
  ['/usr/bin/python3', '/opt/app/worker.py', '--queue', 'default'],
  ['/usr/bin/tar', 'czf', '/backup/etc.tgz', '/etc'],
  ['/bin/sh', '-c', 'run-parts --report /etc/cron.hourly'],
  ['/usr/bin/systemctl', 'status', 'nginx.service'],
  ['/usr/bin/grep', '-r', 'error message', '/var/log/nginx'],
];

function hostName(h: number): string {
  return `srv${String(h + 1).padStart(2, '0')}`;
}

function peerIp(rng: Rng): string {
  return `${rng.int(1, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

function authLine(rng: Rng, host: string, t: number): string {
  const pid = rng.int(1_000, 60_000);
  const ip = peerIp(rng);
  const port = rng.int(32_768, 60_999);
  const user = USERS[rng.int(0, USERS.length - 1)] as string;
  const bad = BAD_USERS[rng.int(0, BAD_USERS.length - 1)] as string;
  const r = rng.next();
  let text: string;
  if (r < 0.2) text = `CRON[${pid}]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)`;
  else if (r < 0.4) text = `CRON[${pid}]: pam_unix(cron:session): session closed for user root`;
  else if (r < 0.55) text = `sshd[${pid}]: Failed password for invalid user ${bad} from ${ip} port ${port} ssh2`;
  else if (r < 0.65) text = `sshd[${pid}]: Invalid user ${bad} from ${ip} port ${port}`;
  else if (r < 0.72) text = `sshd[${pid}]: Connection closed by invalid user ${bad} ${ip} port ${port} [preauth]`;
  else if (r < 0.76) text = `sshd[${pid}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}  user=${user}`;
  else if (r < 0.8)
    text = `sshd[${pid}]: Accepted publickey for ${user} from ${ip} port ${port} ssh2: ED25519 SHA256:k3Zq9vV0pQm2Lr8sXy4TnB6cWd1eFgH7iJ5oPaRuS0Y`;
  else if (r < 0.84) text = `sshd[${pid}]: pam_unix(sshd:session): session opened for user ${user}(uid=1000) by (uid=0)`;
  else if (r < 0.87) text = `sshd[${pid}]: Received disconnect from ${ip} port ${port}:11: disconnected by user`;
  else if (r < 0.9) text = `sshd[${pid}]: Did not receive identification string from ${ip} port ${port}`;
  else if (r < 0.94) text = `sudo:    ${user} : TTY=pts/0 ; PWD=/home/${user} ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx`;
  else if (r < 0.97) text = `sudo: pam_unix(sudo:session): session opened for user root(uid=0) by ${user}(uid=1000)`;
  else text = `systemd-logind[${rng.int(400, 900)}]: New session ${rng.int(1, 5000)} of user ${user}.`;
  return `${rfc3164(t)} ${host} ${text}\n`;
}

function auditEvent(rng: Rng, t: number, serial: number): string {
  const cmd = COMMANDS[rng.int(0, COMMANDS.length - 1)] as readonly string[];
  const uid = rng.chance(0.6) ? 0 : 1000;
  const p: AuditProc = {
    pid: rng.int(1_000, 4_000_000),
    ppid: rng.int(1, 4_000_000),
    uid,
    gid: uid,
    auid: rng.chance(0.7) ? 1000 : 4294967295,
    ses: rng.int(1, 900),
    tty: rng.chance(0.5) ? 'pts0' : '(none)',
    comm: path.basename(cmd[0] as string).slice(0, 15),
    exe: cmd[0] as string,
  };
  const r = rng.next();
  const records =
    r < 0.8
      ? execveEvent(p, cmd, '/home/alice', cmd[0] as string)
      : r < 0.95
        ? connectEvent(p, cmd, peerIp(rng), rng.chance(0.8) ? 443 : 53, rng.chance(0.3))
        : fileWriteEvent(p, cmd, '/root', `/etc/cron.d/job${rng.int(1, 99)}`, 'cron', rng.chance(0.5));
  return renderAuditEvent(auditTime(t), serial, records);
}

async function writeBundle(
  dir: string,
  n: number,
  files: readonly string[],
  render: (rng: Rng, host: string, t: number, i: number) => string,
  hosts = HOSTS,
): Promise<void> {
  const end = new Date(PERIOD_START_MS + PERIOD_MS);
  for (let h = 0; h < hosts; h++) {
    const host = hostName(h);
    const count = Math.floor(n / hosts) + (h < n % hosts ? 1 : 0);
    const step = PERIOD_MS / count;
    // A host's lines in time order, cut into its files (a rotated log's older parts first).
    for (const [j, file] of files.entries()) {
      const rng = new Rng(11, `bench-logs:${file}:${host}`);
      const target = path.join(dir, host, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const out = new BufferedFile(target, 1024 * 1024);
      let chunk = '';
      const last = Math.floor(((j + 1) * count) / files.length);
      for (let i = Math.floor((j * count) / files.length); i < last; i++) {
        chunk += render(rng, host, Math.floor(PERIOD_START_MS + i * step + h * 17), i);
        if (chunk.length > 256 * 1024) {
          out.write(chunk);
          chunk = '';
        }
        if (i % 50_000 === 0) await new Promise<void>((r) => setImmediate(r));
      }
      out.write(chunk);
      out.flush();
      // RFC 3164 has no year: the parser infers it from the file time, which is the period's end.
      fs.utimesSync(target, end, end);
    }
  }
}

/** `n` auth.log lines over 10 hosts. */
export async function writeAuthLogBundle(dir: string, n: number): Promise<void> {
  await writeBundle(dir, n, ['var/log/auth.log'], (rng, host, t) => authLine(rng, host, t));
}

/** Hosts of the many-files bundle, and each one's rotated auth.log files. */
export const FLEET_HOSTS = 1000;
export const FLEET_FILES = ['var/log/auth.log.4', 'var/log/auth.log.3', 'var/log/auth.log.2', 'var/log/auth.log.1', 'var/log/auth.log'];

/** `n` auth.log lines over a fleet of FLEET_HOSTS hosts, each with five rotated files (5 000 files). */
export async function writeFleetAuthLogBundle(dir: string, n: number): Promise<void> {
  await writeBundle(dir, n, FLEET_FILES, (rng, host, t) => authLine(rng, host, t), FLEET_HOSTS);
}

/** `n` auditd events over 10 hosts. */
export async function writeAuditBundle(dir: string, n: number): Promise<void> {
  await writeBundle(dir, n, ['var/log/audit/audit.log'], (rng, _host, t, i) => auditEvent(rng, t, 40_000 + i));
}
