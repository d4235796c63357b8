// Both writers of a Zeek log, read line by line for any log (conn.log, dns.log), written once:
// - TSV: `#separator \x09` first, then `#set_separator`, `#empty_field (empty)`, `#unset_field -`,
//   `#path <log>`, `#fields …`, rows. Columns are found by name; header blocks may repeat when
//   logs are concatenated; a `#path` of another log is refused with its line.
// - JSON (NDJSON): one object per line, unset fields omitted, keys flattened with dots (a nested
//   `id` object is accepted too).
// Each entry reaches `emit` as a getter by column name; the caller turns it into its record.

import type { ParseIssue } from '../../records/issue';
import { jsonDepthProblem } from '../json-depth';
import { IngestError } from '../types';
import { LineSplitter } from './line-splitter';

/** A field of one entry: TSV text (unset → undefined, empty → ''), or the JSON value (vectors as arrays). */
export type ZeekValue = string | number | boolean | unknown[] | undefined;
export type ZeekGetter = (name: string) => ZeekValue;

/** `\x09` → TAB: Zeek writes the separator itself escaped. */
function unescapeZeek(value: string): string {
  return value.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

export interface ZeekLogReader {
  splitter: LineSplitter;
  /** The TSV set separator in force (vectors such as dns.log `answers` are joined by it). */
  setSeparator(): string;
}

export function createZeekLogReader(
  path: string,
  out: { invalid: ParseIssue[] },
  emit: (get: ZeekGetter, lineNo: number, reader: ZeekLogReader) => void,
): ZeekLogReader {
  let separator = '\t';
  let setSeparator = ',';
  let unset = '-';
  let empty = '(empty)';
  let fields: Map<string, number> | undefined;
  let mode: 'tsv' | 'json' | undefined;

  const readHeader = (line: string, lineNo: number): void => {
    if (line.startsWith('#separator')) {
      separator = unescapeZeek(line.slice('#separator'.length).trim()) || '\t';
      return;
    }
    const [key = '', ...rest] = line.split(separator);
    const value = rest.join(separator);
    if (key === '#unset_field') unset = value;
    else if (key === '#empty_field') empty = value;
    else if (key === '#set_separator') setSeparator = unescapeZeek(value) || ',';
    else if (key === '#path' && value !== path) {
      throw new IngestError(`this Zeek log is ${value}.log, not ${path}.log`, { line: lineNo, reason: `#path ${value}` });
    } else if (key === '#fields') fields = new Map(rest.map((name, i) => [name, i]));
  };

  const readTsv = (line: string, lineNo: number): void => {
    if (fields === undefined) {
      out.invalid.push({ line: lineNo, reason: 'data before the #fields header' });
      return;
    }
    const values = line.split(separator);
    if (values.length !== fields.size) {
      out.invalid.push({ line: lineNo, reason: `expected ${fields.size} fields, found ${values.length}` });
      return;
    }
    const columns = fields;
    emit(
      (name) => {
        const i = columns.get(name);
        const value = i === undefined ? undefined : values[i];
        return value === undefined || value === unset ? undefined : value === empty ? '' : value;
      },
      lineNo,
      reader,
    );
  };

  const readJson = (line: string, lineNo: number): void => {
    const tooDeep = jsonDepthProblem(line);
    if (tooDeep !== undefined) {
      out.invalid.push({ line: lineNo, reason: tooDeep });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      out.invalid.push({ line: lineNo, reason: 'not valid JSON' });
      return;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      out.invalid.push({ line: lineNo, reason: 'not a JSON object' });
      return;
    }
    const entry = parsed as Record<string, unknown>;
    const nested = typeof entry.id === 'object' && entry.id !== null ? (entry.id as Record<string, unknown>) : undefined;
    emit(
      (name) => {
        const value = entry[name] ?? (nested && name.startsWith('id.') ? nested[name.slice(3)] : undefined);
        return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || Array.isArray(value) ? value : undefined;
      },
      lineNo,
      reader,
    );
  };

  const reader: ZeekLogReader = {
    splitter: new LineSplitter({
      line(line, lineNo) {
        if (line.length === 0) return;
        mode ??= line.startsWith('{') ? 'json' : 'tsv';
        if (mode === 'json') readJson(line, lineNo);
        else if (line.charCodeAt(0) === 35 /* # */) readHeader(line, lineNo);
        else readTsv(line, lineNo);
      },
      overlong(lineNo) {
        out.invalid.push({ line: lineNo, reason: `line too long to be a ${path}.log entry` });
      },
    }),
    setSeparator: () => setSeparator,
  };
  return reader;
}

/**
 * How well the head of a file matches a Zeek log: its `#path` (1), or its `#fields` line
 * (0.9, by `fieldsMatch`), or its first JSON object (0.95, by `jsonMatch`); 0 otherwise.
 */
export function sniffZeekLog(head: Buffer, path: string, fieldsMatch: (fields: string) => boolean, jsonMatch: (first: string) => boolean): number {
  let text = head.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.startsWith('#separator')) {
    const found = /^#path\s+(\S+)/m.exec(text)?.[1];
    if (found !== undefined) return found === path ? 1 : 0;
    return fieldsMatch(/^#fields\s(.*)$/m.exec(text)?.[1] ?? '') ? 0.9 : 0;
  }
  const first = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  if (!first.startsWith('{')) return 0;
  const hasId = first.includes('"id.orig_h"') || /"id"\s*:\s*\{[^}]*"orig_h"/.test(first);
  return hasId && jsonMatch(first) ? 0.95 : 0;
}
