// A DeTT&CT administration file (YAML) read as the team's expected visibility, with the same
// refusal rules as the Navigator layer: one located reason, nothing kept from a file that fails.
//  * technique administration (`file_type: technique-administration`): per technique its
//    `visibility` — one entry or a list, each `applicable_to` a set of systems with a
//    `score_logbook` whose newest dated score is the current one (DeTT&CT's rule). Sightline
//    measures the whole environment, so a technique's expected score is the highest current score
//    over its entries (as the Navigator reader keeps the highest score over tactics).
//  * data-source administration (`file_type: data-source-administration`): per data source whether
//    the team says it has it and its data quality (five dimensions, 0–5). DeTT&CT treats a source as
//    not available when every dimension scores 0. Both the flat version 1.0 entry and the 1.1+ entry
//    with a `data_source` list per `applicable_to` are read.
import { type Document, isMap, isNode, isSeq, parseDocument } from 'yaml';
import { z } from 'zod';
import { BaselineError, type ExpectedTechnique, lineAt, MAX_BASELINE_BYTES, MAX_BASELINE_TECHNIQUES } from './read-navigator-layer';

const MAX_DEPTH = 12;
const MAX_ENTRIES = 50;

export interface ExpectedDataSource {
  name: string;
  /** Available per the file: flagged for analytics, or any data-quality dimension above 0. */
  available: boolean;
  /** Mean of the data-quality dimensions, 0–5, one decimal; the best over `applicable_to` entries. */
  quality: number;
  products: string[];
}

export type DettectFile = { kind: 'techniques'; techniques: ExpectedTechnique[] } | { kind: 'data-sources'; dataSources: ExpectedDataSource[] };

const ZTechniqueId = z.string().regex(/^T\d{4}(\.\d{3})?$/, 'not an ATT&CK technique id (T1234 or T1234.567)');
const ZText = z.string().max(10_000).nullish();
const ZDate = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'a date is written YYYY-MM-DD'), z.null()]).optional();
const ZNames = z.union([z.string().max(200), z.array(z.string().max(200).nullable()).max(MAX_ENTRIES)]);
/** One entry or a list of them (DeTT&CT writes both); a single entry is read as a list of one, so errors name its fields. */
const oneOrMany = <T extends z.ZodTypeAny>(t: T) => z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(t).min(1).max(MAX_ENTRIES));

const ZScoreEntry = (min: number, max: number) =>
  z.object({
    date: ZDate,
    score: z.number().int('a score is a whole number').min(min).max(max),
    comment: ZText,
    auto_generated: z.boolean().optional(),
  });

const ZVisibility = z.object({
  applicable_to: ZNames,
  comment: ZText,
  score_logbook: z.array(ZScoreEntry(0, 4)).min(1, 'a score_logbook needs at least one score').max(1_000),
});
const ZDetection = z.object({
  applicable_to: ZNames,
  location: z.union([z.array(z.string().max(1_000).nullable()).max(MAX_ENTRIES), z.null()]).optional(),
  comment: ZText,
  score_logbook: z.array(ZScoreEntry(-1, 5)).max(1_000),
});

const ZHeader = z.object({
  version: z.union([z.number(), z.string().max(20)]),
  name: z.union([z.string().max(1_000), z.number()]).nullish(),
  platform: z.union([z.string().max(200), z.array(z.string().max(200)).max(MAX_ENTRIES)]).nullish(),
  domain: z.string().max(100).optional(),
});

const ZTechniqueFile = ZHeader.extend({
  file_type: z.literal('technique-administration'),
  techniques: z
    .array(
      z.object({
        technique_id: ZTechniqueId,
        technique_name: z.string().max(1_000).nullish(),
        detection: oneOrMany(ZDetection).optional(),
        visibility: oneOrMany(ZVisibility),
      }),
    )
    .max(MAX_BASELINE_TECHNIQUES)
    .nullable(),
});

const ZQuality = z.object({
  device_completeness: z.number().min(0).max(5),
  data_field_completeness: z.number().min(0).max(5),
  timeliness: z.number().min(0).max(5),
  consistency: z.number().min(0).max(5),
  retention: z.number().min(0).max(5),
});
const ZSourceDetail = z.object({
  applicable_to: ZNames.optional(),
  date_registered: ZDate,
  date_connected: ZDate,
  products: z.union([z.array(z.string().max(1_000).nullable()).max(MAX_ENTRIES), z.null()]).optional(),
  available_for_data_analytics: z.boolean().optional(),
  comment: ZText,
  data_quality: ZQuality,
});
const ZDataSourceFile = ZHeader.extend({
  file_type: z.literal('data-source-administration'),
  data_sources: z
    .array(
      // Version 1.0 keeps the details in the entry itself; 1.1+ under `data_source`, one per applicable_to.
      z.preprocess(
        (v) =>
          v && typeof v === 'object' && !('data_source' in v)
            ? { data_source_name: (v as { data_source_name?: unknown }).data_source_name, data_source: v }
            : v,
        z.object({ data_source_name: z.string().min(1).max(200), data_source: oneOrMany(ZSourceDetail) }),
      ),
    )
    .max(MAX_BASELINE_TECHNIQUES)
    .nullable(),
});

/** Nesting of flow collections (`[`, `{`) outside quotes and comments, counted without recursion. */
function flowTooDeep(text: string): number | null {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1] ?? ''))) quote = c;
    else if (c === '[' || c === '{') {
      if (++depth > MAX_DEPTH) return i;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return null;
}

/** Depth of the parsed value, walked with an explicit stack; the path to the first node too deep. */
function valueTooDeep(root: unknown): (string | number)[] | null {
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: root, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop() as { v: unknown; path: (string | number)[] };
    if (!v || typeof v !== 'object') continue;
    if (path.length >= MAX_DEPTH) return path;
    if (Array.isArray(v)) for (const [i, x] of v.entries()) stack.push({ v: x, path: [...path, i] });
    else for (const [k, x] of Object.entries(v)) stack.push({ v: x, path: [...path, k] });
  }
  return null;
}

/**
 * Line of the node at `path`, or of the nearest ancestor present in the document. Segments the
 * schema added (the index of a single entry read as a list of one, a version 1.0 data source read
 * as its own `data_source`) are skipped.
 */
function lineOfPath(doc: Document, text: string, path: readonly (string | number)[]): number | null {
  let node: unknown = doc.contents;
  let line = isNode(node) && node.range ? lineAt(text, node.range[0]) : null;
  for (const key of path) {
    let next: unknown;
    if (isSeq(node) && typeof key === 'number') next = node.get(key, true);
    else if (isMap(node) && typeof key === 'string') next = node.get(key, true);
    else continue;
    if (!isNode(next)) continue;
    node = next;
    if (next.range) line = lineAt(text, next.range[0]);
  }
  return line;
}

function fail(doc: Document, text: string, issue: z.ZodIssue | undefined): never {
  const p = (issue?.path ?? []).filter((k): k is string | number => typeof k === 'string' || typeof k === 'number');
  const line = lineOfPath(doc, text, p);
  throw new BaselineError(`${p.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`, line);
}

/** The current score of a logbook: the newest dated entry; undated entries count only when none is dated. */
function currentScore(logbook: { date?: string | null; score: number; comment?: string | null }[]) {
  let best = logbook[0];
  for (const e of logbook) if (e.date && (!best?.date || e.date > best.date)) best = e;
  return best;
}

export function readDettectYaml(text: string): DettectFile {
  if (Buffer.byteLength(text) > MAX_BASELINE_BYTES) throw new BaselineError(`file is larger than ${MAX_BASELINE_BYTES / 1024 / 1024} MB`, null);
  const deep = flowTooDeep(text);
  if (deep !== null) throw new BaselineError(`nested more than ${MAX_DEPTH} levels deep`, lineAt(text, deep));
  let doc: Document;
  let value: unknown;
  try {
    doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
    const err = doc.errors[0];
    if (err) throw new BaselineError(`not YAML (${err.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')})`, err.linePos?.[0].line ?? null);
    // Aliases are expanded a bounded number of times (a "billion laughs" file is refused).
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    if (err instanceof BaselineError) throw err;
    if (err instanceof RangeError) throw new BaselineError(`nested more than ${MAX_DEPTH} levels deep`, null);
    if (/alias/i.test((err as Error).message)) throw new BaselineError('too many alias expansions (more than 50)', null);
    throw new BaselineError(`not a DeTT&CT file (${(err as Error).message.slice(0, 120)})`, null);
  }
  const tooDeep = valueTooDeep(value);
  if (tooDeep) throw new BaselineError(`nested more than ${MAX_DEPTH} levels deep`, lineOfPath(doc, text, tooDeep));
  const fileType = value && typeof value === 'object' && 'file_type' in value ? (value as { file_type: unknown }).file_type : undefined;
  if (fileType === 'technique-administration') {
    const r = ZTechniqueFile.safeParse(value);
    if (!r.success) fail(doc, text, r.error.issues[0]);
    const by = new Map<string, ExpectedTechnique>();
    for (const t of r.data.techniques ?? []) {
      for (const entry of t.visibility) {
        const now = currentScore(entry.score_logbook);
        if (!now) continue;
        const prev = by.get(t.technique_id);
        if (!prev || now.score > prev.expected)
          by.set(t.technique_id, { technique: t.technique_id, expected: now.score, comment: now.comment || entry.comment || '' });
      }
    }
    return { kind: 'techniques', techniques: [...by.values()].sort((a, b) => a.technique.localeCompare(b.technique)) };
  }
  if (fileType === 'data-source-administration') {
    const r = ZDataSourceFile.safeParse(value);
    if (!r.success) fail(doc, text, r.error.issues[0]);
    const by = new Map<string, ExpectedDataSource>();
    for (const ds of r.data.data_sources ?? []) {
      for (const d of ds.data_source) {
        const q = Object.values(d.data_quality);
        const quality = Math.round((q.reduce((a, b) => a + b, 0) / q.length) * 10) / 10;
        const available = d.available_for_data_analytics === true || q.some((x) => x > 0);
        const products = (d.products ?? []).filter((p): p is string => !!p && p !== 'None');
        const prev = by.get(ds.data_source_name);
        if (!prev || quality > prev.quality || (available && !prev.available))
          by.set(ds.data_source_name, {
            name: ds.data_source_name,
            available: available || !!prev?.available,
            quality: Math.max(quality, prev?.quality ?? 0),
            products,
          });
      }
    }
    return { kind: 'data-sources', dataSources: [...by.values()].sort((a, b) => a.name.localeCompare(b.name)) };
  }
  throw new BaselineError(
    'not a DeTT&CT administration file: file_type must be technique-administration or data-source-administration',
    lineOfPath(doc, text, ['file_type']) ?? 1,
  );
}
