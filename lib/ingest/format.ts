import type { FlowRecord, LogRecord } from '../records/records';
import type { ChunkParser, ParseContext } from './types';

/**
 * A format Sightline reads. Formats are recognised from content: `sniff` gets the first bytes
 * of the (already decompressed) file and answers how sure it is that they are this format.
 */
export interface FormatModule<R = FlowRecord | LogRecord> {
  /** Stable id, shown to users and in the CLI JSON (`"format"`), e.g. `nfdump-csv`. */
  id: string;
  kind: R extends FlowRecord ? 'flows' : 'logs';
  /** Human label, e.g. "nfdump CSV (1.7.5+)". */
  label: string;
  /** 0 = certainly not, 1 = certainly. `head` holds up to SNIFF_BYTES of the file's start. */
  sniff(head: Buffer): number;
  createParser(ctx: ParseContext): ChunkParser<R>;
}

export type FlowFormat = FormatModule<FlowRecord>;
export type LogFormat = FormatModule<LogRecord>;

/** How many bytes of a file's start the sniffers see. */
export const SNIFF_BYTES = 64 * 1024;
