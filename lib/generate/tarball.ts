// The log bundle as users upload it: `<host>/var/log/...` entries in a .tar.gz. Files are
// streamed in one at a time (never read whole), and every entry carries the period's end as
// its mtime — the RFC 3164 parser infers the year from it.

import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack as tarPack } from 'tar-stream';

export interface TarEntry {
  /** Path on disk. */
  file: string;
  /** Path inside the archive. */
  name: string;
  /** Ubuntu's owners: rsyslog files are syslog:adm 0640, auditd's are root:root 0600. */
  owner: 'syslog' | 'root';
}

export async function writeTarGz(out: string, entries: readonly TarEntry[], mtime: Date): Promise<void> {
  const pack = tarPack();
  const done = pipeline(pack, createGzip({ level: 6 }), createWriteStream(out));
  for (const e of entries) {
    const size = statSync(e.file).size;
    await new Promise<void>((resolve, reject) => {
      // Owners are fixed, not read from disk: the archive must be byte-identical on every machine.
      const owner =
        e.owner === 'syslog' ? { mode: 0o640, uid: 104, gid: 4, uname: 'syslog', gname: 'adm' } : { mode: 0o600, uid: 0, gid: 0, uname: 'root', gname: 'root' };
      const entry = pack.entry({ name: e.name, size, mtime, ...owner }, (err) => (err ? reject(err) : resolve()));
      createReadStream(e.file).on('error', reject).pipe(entry);
    });
  }
  pack.finalize();
  await done;
}
