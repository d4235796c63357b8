// Template and options-template records of NetFlow v9 (RFC 3954 §5.2, §6.1) and IPFIX
// (RFC 7011 §3.4.1-2), compiled once into typed arrays of (op, offset, length) so that data
// records are decoded by offset without looking at the field list again.
import { fieldTarget } from './fields';

/** RFC 7011 §7: a field length of 65535 announces a variable-length field. */
export const VARIABLE_LENGTH = 65535;

/** Bytes a compiled template holds (its typed arrays), for the cache's per-exporter budget. */
export function templateBytes(t: CompiledTemplate): number {
  return 64 + t.lengths.byteLength + t.opSlot.byteLength + t.opKind.byteLength + t.opField.byteLength + t.opOffset.byteLength + t.opLen.byteLength;
}

export interface CompiledTemplate {
  id: number;
  isOptions: boolean;
  fieldCount: number;
  /** Declared length per field (VARIABLE_LENGTH for variable-length fields). */
  lengths: Uint16Array;
  /** Record length when every field is fixed-length, else -1. */
  fixedLen: number;
  /** Smallest possible record (variable-length fields count 1 byte, their length prefix). */
  minLen: number;
  /** Per field that Sightline reads: value slot, kind (see fields.ts), field index, offset, length. */
  opSlot: Uint8Array;
  opKind: Uint8Array;
  /** Field index of each op (for records with variable-length fields). */
  opField: Uint16Array;
  /** Offset of each op within a fixed-length record. */
  opOffset: Int32Array;
  opLen: Uint8Array;
}

interface FieldSpec {
  id: number;
  pen: number;
  len: number;
  isScope: boolean;
}

export function compileTemplate(id: number, fields: FieldSpec[], isOptions: boolean, isV9: boolean): CompiledTemplate {
  const lengths = new Uint16Array(fields.length);
  const opSlot: number[] = [];
  const opKind: number[] = [];
  const opField: number[] = [];
  const opOffset: number[] = [];
  const opLen: number[] = [];
  let offset = 0;
  let fixed = true;
  let minLen = 0;
  fields.forEach((f, i) => {
    lengths[i] = f.len;
    const isVar = f.len === VARIABLE_LENGTH;
    // v9 scope field types (1 System … 5 Template, RFC 3954 §6.1) collide with IE numbers: skip them.
    const target = isVar || (isV9 && f.isScope) ? undefined : fieldTarget(f.id, f.pen, f.len, isV9);
    if (target !== undefined) {
      opSlot.push(target[0]);
      opKind.push(target[1]);
      opField.push(i);
      opOffset.push(offset);
      opLen.push(f.len);
    }
    if (isVar) fixed = false;
    minLen += isVar ? 1 : f.len;
    offset += isVar ? 0 : f.len;
  });
  return {
    id,
    isOptions,
    fieldCount: fields.length,
    lengths,
    fixedLen: fixed ? offset : -1,
    minLen,
    opSlot: Uint8Array.from(opSlot),
    opKind: Uint8Array.from(opKind),
    opField: Uint16Array.from(opField),
    opOffset: Int32Array.from(opOffset),
    opLen: Uint8Array.from(opLen),
  };
}

export type TemplateSetKind = 'v9' | 'v9-options' | 'ipfix' | 'ipfix-options';

export interface TemplateSink {
  /** A (re)definition; `template === null` withdraws `id` (IPFIX field count 0, RFC 7011 §8.1). */
  /** `offset`: where the template's record starts in the file. */
  template(id: number, template: CompiledTemplate | null, offset: number): void;
  issue(offset: number, reason: string): void;
}

/** True when `buf[start, end)` is all zero bytes (set padding). */
export function isZero(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf.readUInt8(i) !== 0) return false;
  return true;
}

/**
 * Reads every template record of one (options) template set body, `buf[start, end)`.
 * `base` turns buffer positions into file offsets for issues.
 */
export function readTemplateSet(buf: Buffer, start: number, end: number, kind: TemplateSetKind, base: number, sink: TemplateSink): void {
  const isV9 = kind === 'v9' || kind === 'v9-options';
  const isOptions = kind === 'v9-options' || kind === 'ipfix-options';
  let pos = start;
  const headerLen = isOptions ? 6 : 4;
  while (end - pos >= 4) {
    const at = base + pos;
    // Sets may end with zero padding (RFC 3954 §5.3, RFC 7011 §3.3.1).
    if (isZero(buf, pos, end)) return;
    const id = buf.readUInt16BE(pos);
    const count = buf.readUInt16BE(pos + 2);
    if (id < 256) {
      sink.issue(base + pos, `template id ${id} is below 256; rest of the template set skipped`);
      return;
    }
    if (!isV9 && count === 0) {
      sink.template(id, null, at);
      pos += 4;
      continue;
    }
    if (end - pos < headerLen) break;
    let fieldCount: number;
    let scopeCount: number;
    if (kind === 'v9-options') {
      // v9 options: scope and option *byte* lengths, 4 bytes per field spec.
      const optLen = buf.readUInt16BE(pos + 4);
      if (count % 4 !== 0 || optLen % 4 !== 0) {
        sink.issue(base + pos, `options template ${id} has field lengths not multiple of 4; set skipped`);
        return;
      }
      scopeCount = count / 4;
      fieldCount = scopeCount + optLen / 4;
    } else {
      fieldCount = count;
      scopeCount = kind === 'ipfix-options' ? buf.readUInt16BE(pos + 4) : 0;
      if (scopeCount > fieldCount) {
        sink.issue(base + pos, `options template ${id} has more scope fields than fields; set skipped`);
        return;
      }
    }
    pos += headerLen;
    const fields: FieldSpec[] = [];
    for (let i = 0; i < fieldCount; i++) {
      if (end - pos < 4) {
        sink.issue(base + pos, `template ${id} runs past the end of its set; ignored`);
        return;
      }
      const rawId = buf.readUInt16BE(pos);
      const len = buf.readUInt16BE(pos + 2);
      pos += 4;
      let pen = 0;
      // IPFIX enterprise bit (RFC 7011 §3.2): a 4-byte enterprise number follows.
      if (!isV9 && rawId & 0x8000) {
        if (end - pos < 4) {
          sink.issue(base + pos, `template ${id} runs past the end of its set; ignored`);
          return;
        }
        pen = buf.readUInt32BE(pos);
        pos += 4;
      }
      fields.push({ id: isV9 ? rawId : rawId & 0x7fff, pen, len, isScope: i < scopeCount });
    }
    if (fieldCount === 0) continue; // v9 has no withdrawal; an empty template is meaningless
    // v9 options templates follow each other unpadded; only the set is padded (RFC 3954 §6.1).
    sink.template(id, compileTemplate(id, fields, isOptions, isV9), at);
  }
}
