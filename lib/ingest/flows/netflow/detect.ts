// Recognising NetFlow/IPFIX datagrams by content: exporters use any UDP port (2055, 9995,
// 4739, 9991 in the fixtures, anything in the wild), so the version field plus a header and
// first set that make sense are the test. Also finds datagram boundaries in raw files of
// concatenated datagrams (`nc -u -l > file.dat`), where v9 has no length field at all.
import { V5_HEADER_LEN, V5_MAX_RECORDS, V5_RECORD_LEN } from './v5';

const V9_HEADER_LEN = 20;
const IPFIX_HEADER_LEN = 16;
/** A UDP payload cannot exceed this, so neither can a datagram. */
const MAX_DATAGRAM = 65_535;

function setIdOk(version: number, id: number): boolean {
  return version === 9 ? id === 0 || id === 1 || id >= 256 : id === 2 || id === 3 || id >= 256;
}

/**
 * The version (5, 9 or 10) when `buf[off, off+len)` looks like one complete datagram, else 0.
 * Strict enough that DNS, NTP or syslog payloads on the same capture are not mistaken for it.
 */
export function datagramVersion(buf: Buffer, off: number, len: number): number {
  if (len < 4) return 0;
  const version = buf.readUInt16BE(off);
  if (version === 5) {
    const count = buf.readUInt16BE(off + 2);
    return count >= 1 && count <= V5_MAX_RECORDS && len >= V5_HEADER_LEN + count * V5_RECORD_LEN ? 5 : 0;
  }
  if (version === 9) {
    if (len < V9_HEADER_LEN + 4) return 0;
    const id = buf.readUInt16BE(off + V9_HEADER_LEN);
    const setLen = buf.readUInt16BE(off + V9_HEADER_LEN + 2);
    return setIdOk(9, id) && setLen >= 4 && setLen <= len - V9_HEADER_LEN ? 9 : 0;
  }
  if (version === 10) {
    const total = buf.readUInt16BE(off + 2);
    if (len < IPFIX_HEADER_LEN + 4 || total < IPFIX_HEADER_LEN + 4 || total > len) return 0;
    const id = buf.readUInt16BE(off + IPFIX_HEADER_LEN);
    const setLen = buf.readUInt16BE(off + IPFIX_HEADER_LEN + 2);
    return setIdOk(10, id) && setLen >= 4 && setLen <= total - IPFIX_HEADER_LEN ? 10 : 0;
  }
  return 0;
}

function isVersionWord(w: number): boolean {
  return w === 5 || w === 9 || w === 10;
}

/**
 * Length of the datagram starting at `buf[off]` in a raw concatenation, given `avail` bytes
 * from there: > 0 the length, 0 = more bytes are needed, −1 = no valid header here.
 * At `isFinal` (end of file) a datagram runs at most to the end of the data.
 */
export function rawDatagramLength(buf: Buffer, off: number, avail: number, isFinal: boolean): number {
  if (avail < 4) return isFinal ? -1 : 0;
  const version = buf.readUInt16BE(off);
  if (version === 5) {
    const count = buf.readUInt16BE(off + 2);
    if (count < 1 || count > V5_MAX_RECORDS) return -1;
    const len = V5_HEADER_LEN + count * V5_RECORD_LEN;
    return avail >= len ? len : isFinal ? avail : 0;
  }
  if (version === 10) {
    const len = buf.readUInt16BE(off + 2);
    if (len < IPFIX_HEADER_LEN) return -1;
    return avail >= len ? len : isFinal ? avail : 0;
  }
  if (version !== 9) return -1;
  if (avail < V9_HEADER_LEN) return isFinal ? avail : 0;
  // v9 (RFC 3954 §5.1) has no length: walk the flowsets until the next word is a version
  // number, which cannot be a flowset id (2-255 are reserved), or the data ends.
  let pos = off + V9_HEADER_LEN;
  for (;;) {
    const rest = off + avail - pos;
    if (pos - off > MAX_DATAGRAM) return -1;
    if (rest < 4) {
      if (isFinal) return avail;
      if (rest >= 2 && isVersionWord(buf.readUInt16BE(pos))) return pos - off;
      return 0;
    }
    const id = buf.readUInt16BE(pos);
    if (pos > off + V9_HEADER_LEN && isVersionWord(id)) return pos - off;
    const setLen = buf.readUInt16BE(pos + 2);
    if (setLen < 4) {
      // Zero padding after the last flowset (Palo Alto pads to a fixed size): skip it.
      if (id !== 0 || setLen !== 0) return pos === off + V9_HEADER_LEN ? -1 : pos - off;
      while (pos + 2 <= off + avail && buf.readUInt16BE(pos) === 0) pos += 2;
      if (pos + 2 > off + avail) {
        if (isFinal) return avail;
        return 0;
      }
      return pos - off;
    }
    pos += setLen;
    if (pos > off + avail) return isFinal ? avail : 0;
  }
}
