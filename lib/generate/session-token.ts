// Placeholder audit session ids: the context hands them out while generators run, and the log
// sink swaps them for the real per-host session numbers when it writes a host's hour. A leaf
// module, so that the context and the sink both depend on it and not on each other.

/** Placeholder session ids are 10-digit numbers starting 2130…, far above any real id we print. */
export const SES_TOKEN_BASE = 2_130_000_000;
export const SES_TOKEN_RE = /\b2130\d{6}\b/g;
