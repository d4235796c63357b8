// Reading audit field values: the markers auditd uses for "none", ids, results.

/** `?`, `(null)` and empty mean "no value" in audit records. */
export function present(v: string | undefined): string | undefined {
  return v === undefined || v === '' || v === '?' || v === '(null)' ? undefined : v;
}

export function toInt(v: string | undefined): number | undefined {
  if (v === undefined || v === '' || v.length > 16) return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}

/** uid/auid; 4294967295 ((uid_t)-1) is "unset" (auid before login, daemons), as is -1 (auoms). */
export function toId(v: string | undefined): number | undefined {
  const n = toInt(v);
  return n === undefined || n < 0 || n >= 4294967295 ? undefined : n;
}

/** An account name; `unset`, `(invalid user)`, `(unknown)` are markers, not names. */
export function toName(v: string | undefined): string | undefined {
  const p = present(v);
  if (p === undefined || p === 'unset' || (p.startsWith('(') && p.endsWith(')'))) return undefined;
  return p;
}

/** `success=yes|no` (syscalls), `res=success|failed|1|0` (user space, config) → success/failed. */
export function toResult(v: string | undefined): string | undefined {
  if (v === 'yes' || v === 'success' || v === '1') return 'success';
  if (v === 'no' || v === 'failed' || v === '0') return 'failed';
  return present(v);
}

export function basename(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1) || undefined;
}
