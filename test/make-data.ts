// Small inputs the tests build themselves (no external files): a log bundle as .tar.gz with
// host folders, an nfdump CSV (1.7.5+ header), an inventory.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import tar from 'tar-stream';

export async function writeTarGz(file: string, members: { name: string; body: string | Buffer; mtime?: Date }[]): Promise<void> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const gz = pack.pipe(zlib.createGzip());
  gz.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => gz.on('end', resolve));
  for (const m of members) pack.entry({ name: m.name, mtime: m.mtime ?? new Date('2026-03-08T00:00:00Z') }, m.body);
  pack.finalize();
  await done;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.concat(chunks));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `Mar  7 14:02:11` (RFC 3164: space-padded day). */
export function syslogTime(d: Date): string {
  const mon = d.toLocaleString('en', { month: 'short', timeZone: 'UTC' });
  return `${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function nfdumpTime(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

export const T0 = new Date('2026-03-07T14:00:00Z');
export const at = (sec: number) => new Date(T0.getTime() + sec * 1000);
