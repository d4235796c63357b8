// Which template fields Sightline reads. Each one is compiled to a (slot, kind) pair: the
// value lands in slot `slot` of a per-record Float64Array, read as `kind`. Everything else
// (vendor and enterprise fields, strings, MACs, MPLS stacks) is skipped by offset alone.
// Numbers are IANA IPFIX Information Elements; NetFlow v9 (RFC 3954 §8) uses the same numbers
// below 128 and most vendors (nProbe, ASA NSEL, softflowd) reuse IPFIX numbers above that.

/** RFC 5103 biflow: reverse IEs are the forward IE numbers under this enterprise number. */
export const PEN_REVERSE = 29305;

/** How a field's bytes become a slot value. */
export const Kind = {
  /** Unsigned big-endian integer of 1-8 bytes (reduced-size encoding allowed, RFC 7011 §6.2). */
  Uint: 1,
  /** The field's offset in the buffer (addresses are formatted only if the record is kept). */
  Offset: 2,
  /** NTP timestamp (RFC 7011 §6.1.9-10) converted to ms since the Unix epoch. */
  Ntp: 3,
} as const;

export const Slot = {
  SrcV4: 0,
  DstV4: 1,
  SrcV6: 2,
  DstV6: 3,
  SrcPort: 4,
  DstPort: 5,
  /** udp/tcp-specific port IEs 180-183 (NBAR): used when 7/11 are absent or zero. */
  AltSrcPort: 6,
  AltDstPort: 7,
  Proto: 8,
  TcpFlags: 9,
  RevTcpFlags: 10,
  Bytes: 11,
  Packets: 12,
  BytesTotal: 13,
  PacketsTotal: 14,
  /** v9 OUT_BYTES/OUT_PKTS (23/24); IPFIX 23/24 are post-NAT counters of the same direction. */
  OutBytes: 15,
  OutPackets: 16,
  RevBytes: 17,
  RevPackets: 18,
  RevBytesTotal: 19,
  RevPacketsTotal: 20,
  /** Cisco ASA NSEL / IPFIX initiatorOctets etc. (231/232, 298/299). */
  InitiatorBytes: 21,
  ResponderBytes: 22,
  InitiatorPackets: 23,
  ResponderPackets: 24,
  FirstUptime: 25,
  LastUptime: 26,
  StartSec: 27,
  EndSec: 28,
  StartMs: 29,
  EndMs: 30,
  StartNtp: 31,
  EndNtp: 32,
  StartDeltaUs: 33,
  EndDeltaUs: 34,
  SysInitMs: 35,
  DurationMs: 36,
  DurationUs: 37,
  SamplingInterval: 38,
  SamplerId: 39,
  PacketInterval: 40,
  PacketSpace: 41,
  SamplingSize: 42,
  SamplingPopulation: 43,
  IcmpTypeCode: 44,
  IcmpType: 45,
  IcmpCode: 46,
} as const;

export const SLOT_COUNT = 47;

const U = Kind.Uint;

const forward = new Map<number, readonly [number, number]>([
  [1, [Slot.Bytes, U]],
  [2, [Slot.Packets, U]],
  [4, [Slot.Proto, U]],
  [6, [Slot.TcpFlags, U]],
  [7, [Slot.SrcPort, U]],
  [8, [Slot.SrcV4, Kind.Offset]],
  [11, [Slot.DstPort, U]],
  [12, [Slot.DstV4, Kind.Offset]],
  [21, [Slot.LastUptime, U]],
  [22, [Slot.FirstUptime, U]],
  [27, [Slot.SrcV6, Kind.Offset]],
  [28, [Slot.DstV6, Kind.Offset]],
  [32, [Slot.IcmpTypeCode, U]],
  [34, [Slot.SamplingInterval, U]],
  [48, [Slot.SamplerId, U]],
  [50, [Slot.SamplingInterval, U]],
  [85, [Slot.BytesTotal, U]],
  [86, [Slot.PacketsTotal, U]],
  [139, [Slot.IcmpTypeCode, U]],
  [150, [Slot.StartSec, U]],
  [151, [Slot.EndSec, U]],
  [152, [Slot.StartMs, U]],
  [153, [Slot.EndMs, U]],
  // 154/155 dateTimeMicroseconds and 156/157 dateTimeNanoseconds share the NTP layout.
  [154, [Slot.StartNtp, Kind.Ntp]],
  [155, [Slot.EndNtp, Kind.Ntp]],
  [156, [Slot.StartNtp, Kind.Ntp]],
  [157, [Slot.EndNtp, Kind.Ntp]],
  [158, [Slot.StartDeltaUs, U]],
  [159, [Slot.EndDeltaUs, U]],
  [160, [Slot.SysInitMs, U]],
  [161, [Slot.DurationMs, U]],
  [162, [Slot.DurationUs, U]],
  [176, [Slot.IcmpType, U]],
  [177, [Slot.IcmpCode, U]],
  [178, [Slot.IcmpType, U]],
  [179, [Slot.IcmpCode, U]],
  [180, [Slot.AltSrcPort, U]],
  [181, [Slot.AltDstPort, U]],
  [182, [Slot.AltSrcPort, U]],
  [183, [Slot.AltDstPort, U]],
  [231, [Slot.InitiatorBytes, U]],
  [232, [Slot.ResponderBytes, U]],
  [298, [Slot.InitiatorPackets, U]],
  [299, [Slot.ResponderPackets, U]],
  [302, [Slot.SamplerId, U]],
  [305, [Slot.PacketInterval, U]],
  [306, [Slot.PacketSpace, U]],
  [309, [Slot.SamplingSize, U]],
  [310, [Slot.SamplingPopulation, U]],
]);

const reverse = new Map<number, readonly [number, number]>([
  [1, [Slot.RevBytes, U]],
  [2, [Slot.RevPackets, U]],
  [6, [Slot.RevTcpFlags, U]],
  [85, [Slot.RevBytesTotal, U]],
  [86, [Slot.RevPacketsTotal, U]],
]);

const V9_OUT = new Map<number, readonly [number, number]>([
  [23, [Slot.OutBytes, U]],
  [24, [Slot.OutPackets, U]],
]);

function lengthOk(slot: number, kind: number, len: number): boolean {
  if (kind === Kind.Ntp) return len === 8;
  if (kind === Kind.Offset) return len === (slot === Slot.SrcV6 || slot === Slot.DstV6 ? 16 : 4);
  return len >= 1 && len <= 8;
}

/**
 * The (slot, kind) a template field fills, or undefined to skip it. `pen` is the enterprise
 * number (0 = IANA); NetFlow v9 has no enterprise bit and gives 23/24 their own meaning.
 */
export function fieldTarget(id: number, pen: number, len: number, isV9: boolean): readonly [number, number] | undefined {
  let target: readonly [number, number] | undefined;
  if (pen === PEN_REVERSE) target = reverse.get(id);
  else if (pen !== 0) return undefined;
  else target = (isV9 ? V9_OUT.get(id) : undefined) ?? forward.get(id);
  return target !== undefined && lengthOk(target[0], target[1], len) ? target : undefined;
}
