// Builds archives for the walker fuzz in memory, synchronously and by hand (tar headers,
// zip records), so that a case costs microseconds and the fuzzer can also produce what no
// archiver would write: `..` and absolute names, links, NUL in names, nested archives,
// lying sizes, bombs.
import zlib from 'node:zlib';

export interface Member {
  name: string;
  body: Buffer;
  /** tar: '0' file, '1' hard link, '2' symlink, '5' folder; zip: symlink via attributes. */
  type?: '0' | '1' | '2' | '5';
  linkName?: string;
}

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

function tarHeader(m: Member): Buffer {
  const h = Buffer.alloc(512);
  let name = m.name;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const slash = name.lastIndexOf('/', 154);
    if (slash > 0) {
      prefix = name.slice(0, slash);
      name = name.slice(slash + 1);
    }
  }
  h.write(name.slice(0, 100), 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100, 'latin1');
  h.write(octal(0, 8), 108, 'latin1');
  h.write(octal(0, 8), 116, 'latin1');
  h.write(octal(m.type && m.type !== '0' ? 0 : m.body.length, 12), 124, 'latin1');
  h.write(octal(1_772_928_000, 12), 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write(m.type ?? '0', 156, 'latin1');
  if (m.linkName) h.write(m.linkName.slice(0, 100), 157, 100, 'utf8');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  h.write(prefix.slice(0, 155), 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7), 148, 'latin1');
  return h;
}

export function buildTar(members: readonly Member[]): Buffer {
  const parts: Buffer[] = [];
  for (const m of members) {
    parts.push(tarHeader(m));
    if (!m.type || m.type === '0') {
      parts.push(m.body);
      const pad = (512 - (m.body.length % 512)) % 512;
      if (pad) parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export const gzip = (buf: Buffer): Buffer => zlib.gzipSync(buf, { level: 1 });

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip with stored or deflated members; `declaredSize` lets a member lie about its size. */
export function buildZip(members: readonly (Member & { deflate?: boolean; declaredSize?: number })[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, 'utf8');
    const data = m.deflate ? zlib.deflateRawSync(m.body) : m.body;
    const crc = crc32(m.body);
    const size = m.declaredSize ?? m.body.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(m.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt16LE(m.deflate ? 8 : 0, 10);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(size, 24);
    c.writeUInt16LE(name.length, 28);
    const mode = m.type === '2' ? 0o120777 : m.type === '5' ? 0o040755 : 0o100644;
    c.writeUInt32LE((mode << 16) >>> 0, 38);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
