// Picks a file's format from its content. Every format's sniffer scores the head; the best
// score wins if it is convincing. Text that is not valid for any format is named as such.

import type { FlowRecord, LogRecord } from '../records/records';
import type { FormatModule } from './format';

export type AnyFormat = FormatModule<FlowRecord> | FormatModule<LogRecord>;

export interface SniffResult {
  format?: AnyFormat;
  /** Why nothing matched, in words a user understands. */
  reason?: string;
}

const MIN_CONFIDENCE = 0.5;

export function describeContent(head: Buffer): string {
  if (head.length === 0) return 'the file is empty';
  let control = 0;
  const n = Math.min(head.length, 4096);
  for (let i = 0; i < n; i++) {
    const b = head[i] as number;
    if (b === 0 || (b < 9 && b !== 0) || (b > 13 && b < 32)) control++;
  }
  if (control / n > 0.1) return 'binary data that is not a known capture or export format';
  const firstLine = head.toString('utf8', 0, Math.min(head.length, 200)).split(/\r?\n/)[0] ?? '';
  return `text not in a known format (first line: "${firstLine.slice(0, 80)}")`;
}

export function sniffFormat(head: Buffer, formats: readonly AnyFormat[]): SniffResult {
  let best: AnyFormat | undefined;
  let bestScore = 0;
  for (const f of formats) {
    let score = 0;
    try {
      score = f.sniff(head);
    } catch {
      score = 0;
    }
    if (score > bestScore) {
      best = f;
      bestScore = score;
    }
  }
  if (best && bestScore >= MIN_CONFIDENCE) return { format: best };
  return { reason: describeContent(head) };
}
