// The parser contract of ingest. Parsers are pure and incremental: they take chunks and
// return records (lib/records) plus located problems; bad input is data, never an exception,
// except for fatal conditions (then they throw an IngestError naming the offset).
import type { ParseIssue } from '../records/issue';
import type { DnsQueryRecord, IdsAlertRecord } from '../records/records';

/** What a parser knows about the file it is reading. */
export interface ParseContext {
  /** Path shown to the user (the upload name, or the member path inside an archive). */
  path: string;
  /** IANA zone used for zone-less timestamps (nfdump `%ts`, RFC 3164 syslog). */
  timeZone: string;
  /** Modification time of the file (ms since epoch), used to infer the year of RFC 3164 lines. */
  mtimeMs?: number;
  /** Host named by the bundle's folder (`web01/var/log/auth.log` → `web01`). */
  hostHint?: string;
}

/** One step of an incremental parser. */
export interface ParseBatch<R> {
  records: R[];
  invalid: ParseIssue[];
  /** Assumptions worth showing in the upload summary (zone used, year inferred, header-less file …). */
  notes?: string[];
  /** Network IDS alerts a flow format carries beside its flows (Suricata EVE), stored in `ids_alert`. */
  alerts?: IdsAlertRecord[];
  /** DNS queries a network sensor's file held besides (or instead of) its records: stored in `dns_query`. */
  dns?: DnsQueryRecord[];
}

/**
 * An incremental parser. `push` may be called with any split of the input (a chunk boundary can
 * fall anywhere, even inside a multi-byte character or a binary record); the concatenated output
 * of all pushes plus `end()` must not depend on where the input was split.
 */
export interface ChunkParser<R> {
  push(chunk: Buffer): ParseBatch<R>;
  end(): ParseBatch<R>;
}

export class IngestError extends Error {
  constructor(
    message: string,
    readonly location: ParseIssue,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}
