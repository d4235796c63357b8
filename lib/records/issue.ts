// A located problem: bad input is data, kept with its place and shown to the user
// (`parse_error` rows, the CLI's `errors`). Parsers, the archive walker and the host lists
// (inventory, /etc/hosts) all report through this one shape.

/** A located problem in one input file. `line` is 1-based (text formats); `offset` is a byte offset. */
export interface ParseIssue {
  line?: number;
  offset?: number;
  reason: string;
}
