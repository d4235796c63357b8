import { describe, expect, it } from 'vitest';
import { harmlessUnreadFile } from './known-binary';

const binary = Buffer.from(Array.from({ length: 384 }, (_, i) => (i % 7 === 0 ? 0 : (i * 31) % 256)));

describe('harmlessUnreadFile', () => {
  it('names empty files and the binary records beside Linux logs', () => {
    expect(harmlessUnreadFile('web01/var/log/empty.log', Buffer.alloc(0))).toBe('empty file: nothing to read');
    for (const p of ['web01/var/log/wtmp', 'web01/var/log/btmp.1', 'web01/var/log/wtmp-20260301', 'var/run/utmp'])
      expect(harmlessUnreadFile(p, binary)).toMatch(/^login records/);
    expect(harmlessUnreadFile('web01/var/log/lastlog', binary)).toMatch(/^login counters/);
    expect(harmlessUnreadFile('web01/var/log/sa/sa07', binary)).toMatch(/^sysstat/);
    expect(harmlessUnreadFile('web01/var/log/journal/abc/system.journal', binary)).toMatch(/^systemd journal/);
    // The journal by its signature, whatever its name.
    expect(harmlessUnreadFile('bundle/x.bin', Buffer.concat([Buffer.from('LPKSHHRH'), binary]))).toMatch(/^systemd journal/);
  });

  it('leaves everything else a problem: unknown binary, and text under a binary name', () => {
    expect(harmlessUnreadFile('web01/var/log/garbage.bin', binary)).toBeNull();
    expect(harmlessUnreadFile('web01/var/log/wtmp', Buffer.from('this is text, not login records\n'))).toBeNull();
    expect(harmlessUnreadFile('web01/var/log/notwtmp', binary)).toBeNull();
  });
});
