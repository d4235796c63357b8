// nfdump 1.7.1 legacy `-o csv` output, byte for byte as in the fixtures made with nfpcapd
// (fixtures/flows/derived/*/*.nfpcapd.nfdump.csv): 48 columns, local time without zone or
// milliseconds in ts/te, flags as an 8-letter string, and the 3-line `Summary` footer whose
// numbers are computed the way nfdump's PrintSummary does (integer truncation, duration from
// the first start to the last end).

import { BufferedFile } from './buffered-file';
import type { FlowOut, FlowWriter } from './flow-sink';
import { nfdumpTime, nfdumpTimeMs } from './time-format';

export const NFDUMP_HEADER =
  'ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt,in,out,sas,das,smk,dmk,dtos,dir,nh,nhb,svln,dvln,' +
  'ismc,odmc,idmc,osmc,mpls1,mpls2,mpls3,mpls4,mpls5,mpls6,mpls7,mpls8,mpls9,mpls10,cl,sl,al,ra,eng,exid,tr';

// Everything after obyt is constant for a capture-based collector (nfpcapd): no SNMP
// interfaces, AS numbers, masks, next hops, VLANs, MACs or MPLS labels; latency columns are
// printed with %9.3f, hence the leading spaces.
const MIDDLE =
  ',0,0,0,0,0,0,0,0,0.0.0.0,0.0.0.0,0,0,00:00:00:00:00:00,00:00:00:00:00:00,00:00:00:00:00:00,00:00:00:00:00:00,' +
  '0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,    0.000,    0.000,    0.000,0.0.0.0,17/1,0,';

/** nfdump's flag string: positions C E U A P R S F, '.' when unset. */
export function flagString(flags: number): string {
  const letters = 'CEUAPRSF';
  let s = '';
  for (let i = 0; i < 8; i++) s += flags & (1 << (7 - i)) ? letters[i] : '.';
  return s;
}

export function nfdumpRow(r: FlowOut): string {
  const pr = r.proto === 6 ? 'TCP' : r.proto === 17 ? 'UDP' : r.proto === 1 ? 'ICMP' : String(r.proto);
  const td = ((r.endMs - r.startMs) / 1000).toFixed(3);
  return (
    `${nfdumpTime(r.startMs)},${nfdumpTime(r.endMs)},${td},${r.src},${r.dst},${r.sport},${r.dport},${pr},` +
    `${flagString(r.flags)},0,0,${r.pkts},${r.bytes},0,0${MIDDLE}${nfdumpTimeMs(r.receivedMs)}\n`
  );
}

export class NfdumpCsvWriter implements FlowWriter {
  private readonly file: BufferedFile;
  private flows = 0;
  private bytes = 0;
  private packets = 0;
  private firstMs = Number.POSITIVE_INFINITY;
  private lastMs = 0;

  constructor(readonly path: string) {
    this.file = new BufferedFile(path, 1024 * 1024);
    this.file.write(`${NFDUMP_HEADER}\n`);
  }

  write(records: readonly FlowOut[]): void {
    let chunk = '';
    let rows = 0;
    for (const r of records) {
      chunk += nfdumpRow(r);
      if (++rows % 500 === 0) {
        this.file.write(chunk); // keep each rope short-lived
        chunk = '';
      }
      this.flows++;
      this.bytes += r.bytes;
      this.packets += r.pkts;
      if (r.startMs < this.firstMs) this.firstMs = r.startMs;
      if (r.endMs > this.lastMs) this.lastMs = r.endMs;
    }
    if (chunk) this.file.write(chunk);
  }

  close(): void {
    const duration = this.lastMs > 0 ? (this.lastMs - this.firstMs) / 1000 : 0;
    let bps = 0;
    let pps = 0;
    let bpp = 0;
    if (duration > 0) {
      bps = Math.floor((this.bytes * 8) / duration);
      pps = Math.floor(this.packets / duration);
      bpp = this.packets ? Math.floor(this.bytes / this.packets) : 0;
    }
    this.file.write(`Summary\nflows,bytes,packets,avg_bps,avg_pps,avg_bpp\n${this.flows},${this.bytes},${this.packets},${bps},${pps},${bpp}\n`);
    this.file.flush();
  }

  get written(): number {
    return this.file.written;
  }
}
