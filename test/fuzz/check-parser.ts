// The property every parser must hold on any input: it returns records (those the database
// could not hold are counted as refused: ingest turns them into issues) and located issues; it throws nothing but an IngestError that names its place;
// it finishes within a deadline; and what it returns is proportional to what it was given.

import { dnsRow, flowRow, logRow } from '../../lib/ingest/copy';
import type { AnyFormat } from '../../lib/ingest/sniff';
import { dnsProblem, flowProblem, logProblem } from '../../lib/ingest/storable';
import { IngestError } from '../../lib/ingest/types';
import type { ParseIssue } from '../../lib/records/issue';
import type { DnsQueryRecord, FlowRecord, LogRecord } from '../../lib/records/records';

export class FuzzViolation extends Error {
  override name = 'FuzzViolation';
}

export interface CaseLimits {
  /** Hang guard: a case taking longer than this fails (checked after every push). */
  deadlineMs: number;
  /** Records + issues may not exceed `perByte × input bytes + slack`. */
  perByte: number;
  slack: number;
}

export const DEFAULT_CASE_LIMITS: CaseLimits = { deadlineMs: 5000, perByte: 1, slack: 64 };

function fail(what: string): never {
  throw new FuzzViolation(what);
}

const isInt = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** A located issue: a 1-based line or a byte offset, and a reason. */
export function checkIssue(i: ParseIssue, summaryAllowed: boolean): void {
  if (typeof i.reason !== 'string' || i.reason.length === 0) fail(`issue without a reason: ${JSON.stringify(i)}`);
  const hasLine = i.line !== undefined;
  const hasOffset = i.offset !== undefined;
  if (hasLine && !isInt(i.line, 1, Number.MAX_SAFE_INTEGER)) fail(`issue with a bad line: ${JSON.stringify(i)}`);
  if (hasOffset && !isInt(i.offset, 0, Number.MAX_SAFE_INTEGER)) fail(`issue with a bad offset: ${JSON.stringify(i)}`);
  // The one unlocated issue allowed is the per-file "N more problems not listed" summary.
  if (!hasLine && !hasOffset && !(summaryAllowed && /more problems not listed/.test(i.reason))) fail(`issue without a line or offset: ${JSON.stringify(i)}`);
}

export interface CaseOutcome {
  records: number;
  issues: number;
  fatal?: string;
  /** First record the columns could not hold (ingest refuses it with a located issue). */
  refused?: string;
}

/**
 * Runs one input through a fresh parser, fed at `cuts`, and throws a FuzzViolation (or the
 * parser's own unexpected exception) when the property does not hold.
 */
export function runParserCase(format: AnyFormat, bytes: Buffer, cuts: readonly number[], limits: CaseLimits = DEFAULT_CASE_LIMITS): CaseOutcome {
  const started = performance.now();
  const parser = format.createParser({ path: 'fuzz.input', timeZone: 'UTC', mtimeMs: Date.UTC(2026, 2, 8), hostHint: 'fuzzhost' });
  const isFlow = format.kind === 'flows';
  let records = 0;
  let issues = 0;
  let refused: string | undefined;
  const bound = limits.perByte * bytes.length + limits.slack;
  const take = (batch: { records: unknown[]; invalid: ParseIssue[]; notes?: string[]; dns?: DnsQueryRecord[] }) => {
    if (!Array.isArray(batch?.records) || !Array.isArray(batch.invalid)) fail(`push/end returned ${JSON.stringify(batch)?.slice(0, 200)}`);
    // DNS queries (Zeek dns.log, EVE dns): held to the same rule, and counted with the records.
    for (const q of batch.dns ?? []) {
      const problem = dnsProblem(q);
      if (problem) refused ??= `${problem}: ${JSON.stringify(q).slice(0, 300)}`;
      else dnsRow('a', 'f', q);
    }
    records += batch.dns?.length ?? 0;
    for (const r of batch.records) {
      const problem = isFlow ? flowProblem(r as FlowRecord) : logProblem(r as LogRecord);
      if (problem) refused ??= `${problem}: ${JSON.stringify(r).slice(0, 300)}`;
      // What passes the check must serialise for COPY without throwing.
      else if (isFlow) flowRow('a', 'f', r as FlowRecord);
      else logRow('a', 'f', r as LogRecord);
    }
    for (const i of batch.invalid) checkIssue(i, true);
    records += batch.records.length;
    issues += batch.invalid.length;
    if (records + issues > bound) fail(`output out of proportion: ${records} records + ${issues} issues from ${bytes.length} bytes`);
    const elapsed = performance.now() - started;
    if (elapsed > limits.deadlineMs) fail(`hang guard: case still running after ${Math.round(elapsed)} ms (deadline ${limits.deadlineMs} ms)`);
  };
  try {
    let from = 0;
    for (const cut of [...cuts, bytes.length]) {
      // Copies, like a stream's chunks: the parser must not rely on sharing the caller's memory.
      take(parser.push(Buffer.from(bytes.subarray(from, cut))) as never);
      from = cut;
    }
    take(parser.end() as never);
  } catch (err) {
    if (err instanceof IngestError) {
      // Fatal conditions are allowed, but must say where.
      checkIssue(err.location, false);
      return { records, issues, fatal: err.message, refused };
    }
    throw err;
  }
  return { records, issues, refused };
}
