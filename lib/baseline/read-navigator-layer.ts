// An ATT&CK Navigator layer (format 4.x) read as the team's expected visibility: each scored
// technique's score, 0–4 like DeTT&CT's visibility scale. Hostile input is refused whole with
// one located reason — nothing is kept from a file that fails.
import { z } from 'zod';

export const MAX_BASELINE_BYTES = 2 * 1024 * 1024;
export const MAX_BASELINE_TECHNIQUES = 5_000;
const MAX_DEPTH = 12;

export interface ExpectedTechnique {
  technique: string;
  /** Expected visibility 0–4. */
  expected: number;
  comment: string;
}

export class BaselineError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(line ? `line ${line}: ${message}` : message);
  }
}

const ZTechniqueId = z.string().regex(/^T\d{4}(\.\d{3})?$/, 'not an ATT&CK technique id (T1234 or T1234.567)');

const ZLayer = z.object({
  versions: z.object({ layer: z.string().regex(/^4\./, 'layer format must be 4.x') }),
  domain: z.string().optional(),
  techniques: z
    .array(
      z.object({
        techniqueID: ZTechniqueId,
        score: z.number().min(0).max(4).optional(),
        comment: z.string().max(10_000).optional(),
        enabled: z.boolean().optional(),
      }),
    )
    .max(MAX_BASELINE_TECHNIQUES),
});

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Depth of nesting, counted without recursion so a hostile file cannot overflow the stack. */
function tooDeep(text: string): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === '}' || c === ']') depth--;
  }
  return null;
}

/** Line of the n-th technique entry (`"techniqueID"` occurrences), for a located schema error. */
function lineOfTechnique(text: string, index: number): number | null {
  const re = /"techniqueID"/g;
  let m: RegExpExecArray | null = null;
  for (let i = 0; i <= index; i++) {
    m = re.exec(text);
    if (!m) return null;
  }
  return m ? lineAt(text, m.index) : null;
}

export function readNavigatorLayer(text: string): ExpectedTechnique[] {
  if (Buffer.byteLength(text) > MAX_BASELINE_BYTES) throw new BaselineError(`file is larger than ${MAX_BASELINE_BYTES / 1024 / 1024} MB`, null);
  const deep = tooDeep(text);
  if (deep !== null) throw new BaselineError(`nested more than ${MAX_DEPTH} levels deep`, lineAt(text, deep));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    throw new BaselineError(`not JSON (${msg.replace(/^JSON\.parse: /, '').slice(0, 120)})`, pos ? lineAt(text, Number(pos[1])) : null);
  }
  if (!json || typeof json !== 'object' || !('techniques' in json) || !('versions' in json)) {
    throw new BaselineError('not an ATT&CK Navigator layer: "versions" and "techniques" are required', 1);
  }
  const r = ZLayer.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    const p = issue?.path ?? [];
    const line = p[0] === 'techniques' && typeof p[1] === 'number' ? lineOfTechnique(text, p[1]) : null;
    throw new BaselineError(`${p.join('.') || 'layer'}: ${issue?.message ?? 'invalid'}`, line);
  }
  // A technique listed once per tactic: keep the highest score given to it.
  const by = new Map<string, ExpectedTechnique>();
  for (const t of r.data.techniques) {
    if (t.score === undefined || t.enabled === false) continue;
    const prev = by.get(t.techniqueID);
    if (!prev || t.score > prev.expected) by.set(t.techniqueID, { technique: t.techniqueID, expected: Math.round(t.score), comment: t.comment ?? '' });
  }
  return [...by.values()].sort((a, b) => a.technique.localeCompare(b.technique));
}
