// Files a log bundle holds that are not logs Sightline reads and not a mistake either: empty
// files, and the binary records Linux keeps beside its text logs (login records, the systemd
// journal, sysstat's activity files). They are listed as skipped, with what they are, and never
// counted as problems (issue 16, §8).
import { describeContent } from './sniff';

/** The systemd journal file header starts with this signature (systemd's journal-def.h, `HEADER_SIGNATURE`). */
const JOURNAL_SIGNATURE = Buffer.from('LPKSHHRH', 'latin1');

interface KnownBinary {
  /** Base names (rotation suffixes allowed: `.1`, `-20260301`). */
  name: RegExp;
  label: string;
}

const BY_NAME: KnownBinary[] = [
  { name: /^(wtmp|btmp|utmp)$/, label: 'login records (utmp/wtmp/btmp, binary)' },
  { name: /^(lastlog|faillog|tallylog)$/, label: 'login counters (lastlog/faillog, binary)' },
  { name: /^sa\d{2}$/, label: 'sysstat activity file (binary)' },
  { name: /^.+\.journal~?$/, label: 'systemd journal (binary; export it with journalctl -o short-iso or -o json)' },
];

/** A base name without rotation suffixes: `wtmp.1` → `wtmp`, `btmp-20260301` → `btmp`. */
function baseName(memberPath: string): string {
  const base = memberPath.split('/').pop() ?? memberPath;
  return base.replace(/(\.\d+|-\d{8})$/, '');
}

/**
 * Why a file that no format reads is still not an error — `empty file`, or what binary records
 * it holds — or null when it is neither (then it is a problem of that file). `head` is the
 * file's first bytes, after decompression.
 */
export function harmlessUnreadFile(memberPath: string, head: Buffer): string | null {
  if (head.length === 0) return 'empty file: nothing to read';
  if (head.subarray(0, JOURNAL_SIGNATURE.length).equals(JOURNAL_SIGNATURE)) return `${BY_NAME[3]?.label}: not read`;
  if (!describeContent(head).startsWith('binary')) return null;
  const base = baseName(memberPath);
  const known = BY_NAME.find((k) => k.name.test(base));
  return known ? `${known.label}: not read` : null;
}
