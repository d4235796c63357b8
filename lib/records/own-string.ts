/**
 * A copy of `s` that holds nothing else. Parsers cut addresses and host names out of whole
 * chunks of input; V8 keeps such a substring (13 characters or more) as a view of its parent,
 * so anything held past its chunk — a rollup's map key, a one-way flow waiting for its reverse —
 * would keep every chunk it came from alive (1 M nfdump CSV flows, flow-ingest bench on
 * 2026-12-02: peak RSS 616–759 MiB with such rollup keys, 451–488 MiB with copies; the week's
 * collector export on 2026-12-07: 40 MB of 256 KiB chunks held by waiting flows' addresses).
 * Shorter strings are returned as they are: V8 makes no view (SlicedString::kMinLength) or
 * concatenation (ConsString::kMinLength) under 13 characters, so they are copies already.
 */
export const ownString = (s: string): string => (s.length < 13 ? s : ` ${s}`.slice(1));
