// Shell history files: bash with HISTTIMEFORMAT (#epoch lines), zsh extended history with a
// continued command, fish history; plain bash history counted, never placed on the timeline;
// owner and host from the bundle path; sniffing by content (dated shapes) and by name (plain);
// chunk splits; damaged lines located.
import { describe, expect, it } from 'vitest';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import { allFormats } from '../registry';
import { sniffFormat } from '../sniff';
import { historyOwner, isShellHistoryName, shellHistoryFormat, splitCommandLine, unwrapSudo } from './shell-history';

const T = 1733342580; // 2024-12-04T20:03:00Z
const BASH = [
  `#${T}`,
  'sudo -u postgres pg_dump shopdb > /var/tmp/.cache-x/db.sql',
  `#${T + 15}`,
  'tar czf /var/tmp/.cache-x/loot.tgz /var/tmp/.cache-x/db.sql && rm /var/tmp/.cache-x/db.sql',
  `#${T + 60}`,
  "ssh -i /var/tmp/.cache-x/id -o 'StrictHostKeyChecking no' deploy@10.20.30.11 id",
  `#${T + 90}`,
  'history -c; unset HISTFILE',
].join('\n');
const ZSH = [`: ${T}:0;cd /tmp`, `: ${T + 5}:2;for h in a b; do \\`, 'echo $h; \\', 'done', `: ${T + 9}:0;scp deploy@beta:/tmp/x.tgz .`].join('\n');
const FISH = ['- cmd: cat /etc/shadow', `  when: ${T}`, '- cmd: echo a\\nb', `  when: ${T + 3}`, '  paths:', '    - /etc/shadow'].join('\n');
const ctx = { path: 'bundle.tgz/alpha/root/.bash_history', timeZone: 'UTC', hostHint: 'alpha' };

describe('shell history', () => {
  it('bash with HISTTIMEFORMAT: each simple command an exec of root on the folder host, sudo unwrapped, quotes removed', () => {
    const r = parseAll(shellHistoryFormat.createParser(ctx), Buffer.from(BASH));
    expect(r.invalid).toEqual([]);
    expect(r.records.map((x) => [x.lineNo, x.tsMs / 1000 - T, x.argv?.join(' ')])).toEqual([
      [2, 0, 'pg_dump shopdb > /var/tmp/.cache-x/db.sql'],
      [4, 15, 'tar czf /var/tmp/.cache-x/loot.tgz /var/tmp/.cache-x/db.sql'],
      [4, 15, 'rm /var/tmp/.cache-x/db.sql'],
      [6, 60, 'ssh -i /var/tmp/.cache-x/id -o StrictHostKeyChecking no deploy@10.20.30.11 id'],
      [8, 90, 'history -c'],
      [8, 90, 'unset HISTFILE'],
    ]);
    expect(r.records[0]).toMatchObject({ kind: 'exec', program: 'bash_history', userName: 'root', hostName: 'alpha', hostFrom: 'bundle-folder' });
    expect(r.records[3]?.argv?.[4]).toBe('StrictHostKeyChecking no');
    expect(r.records[0]?.exe).toBeUndefined();
    expect(r.notes).toEqual(['shell history of root on host "alpha" (from the folder name): 4 dated commands read as executed commands']);
  });

  it('zsh extended history: a command continued with backslashes is one entry at its start time', () => {
    const r = parseAll(shellHistoryFormat.createParser({ ...ctx, path: 'b/alpha/home/alice/.zsh_history' }), Buffer.from(ZSH));
    expect(r.invalid).toEqual([]);
    expect(r.records.map((x) => [x.lineNo, x.tsMs / 1000 - T, x.program, x.userName, x.argv?.join(' ')])).toEqual([
      [1, 0, 'zsh_history', 'alice', 'cd /tmp'],
      [2, 5, 'zsh_history', 'alice', 'for h in a b'],
      [2, 5, 'zsh_history', 'alice', 'do'],
      [2, 5, 'zsh_history', 'alice', 'echo $h'],
      [2, 5, 'zsh_history', 'alice', 'done'],
      [5, 9, 'zsh_history', 'alice', 'scp deploy@beta:/tmp/x.tgz .'],
    ]);
  });

  it('fish history: cmd then when, escapes undone, paths lists skipped', () => {
    const r = parseAll(
      shellHistoryFormat.createParser({ ...ctx, path: 'b/web01/home/bob/.local/share/fish/fish_history', hostHint: 'web01' }),
      Buffer.from(FISH),
    );
    expect(r.invalid).toEqual([]);
    expect(r.records.map((x) => [x.lineNo, x.tsMs / 1000 - T, x.program, x.userName, x.hostName, x.argv?.join(' ')])).toEqual([
      [1, 0, 'fish_history', 'bob', 'web01', 'cat /etc/shadow'],
      [3, 3, 'fish_history', 'bob', 'web01', 'echo a'],
      [3, 3, 'fish_history', 'bob', 'web01', 'b'],
    ]);
  });

  it('plain bash history: counted in a notice, no event, no invented time', () => {
    const r = parseAll(shellHistoryFormat.createParser(ctx), Buffer.from('ls\ncat /etc/shadow\nhistory -c\n'));
    expect(r.records).toEqual([]);
    expect(r.invalid).toEqual([]);
    expect(r.notes).toContain('3 commands without timestamps (from line 1; bash writes times only with HISTTIMEFORMAT set): read, not placed on the timeline');
    // Lines before the first time stamp are undated too.
    const mixed = parseAll(shellHistoryFormat.createParser(ctx), Buffer.from(`ls\n#${T}\nid\n`));
    expect(mixed.records.map((x) => x.argv)).toEqual([['id']]);
    expect(mixed.notes[1]).toMatch(/^1 command without timestamps \(from line 1;/);
  });

  it('recognised: dated shapes from content, plain history only by its name; owner and host from the path', () => {
    expect(sniffFormat(Buffer.from(BASH), allFormats).format?.id).toBe('shell-history');
    expect(sniffFormat(Buffer.from(ZSH), allFormats).format?.id).toBe('shell-history');
    expect(sniffFormat(Buffer.from(FISH), allFormats).format?.id).toBe('shell-history');
    expect(sniffFormat(Buffer.from('ls\ncd /tmp\nwget http://x/a\n'), allFormats).format).toBeUndefined();
    expect(isShellHistoryName('alpha/root/.bash_history')).toBe(true);
    expect(isShellHistoryName('alpha/home/bob/.local/share/fish/fish_history')).toBe(true);
    expect(isShellHistoryName('alpha/var/log/history.log')).toBe(false);
    expect(historyOwner('x/alpha/home/alice/.bash_history')).toBe('alice');
    expect(historyOwner('x/alpha/root/.bash_history')).toBe('root');
    expect(historyOwner('x/alpha/.bash_history')).toBeUndefined();
    const top = parseAll(shellHistoryFormat.createParser({ path: 'b.tgz/root/.bash_history', timeZone: 'UTC', hostHint: 'root' }), Buffer.from(BASH));
    expect(top.records[0]?.hostName).toBeUndefined();
    expect(top.records[0]?.userName).toBe('root');
  });

  it('command lines: quotes, escapes, redirections and separators', () => {
    expect(splitCommandLine(`echo "a;b" 'c|d' e\\ f 2>&1 | grep x || true & wait`)).toEqual([
      ['echo', 'a;b', 'c|d', 'e f', '2>&1'],
      ['grep', 'x'],
      ['true'],
      ['wait'],
    ]);
    expect(splitCommandLine('ls # list; rm -rf /tmp/.x')).toEqual([['ls']]);
    expect(splitCommandLine("echo a#b '#c'")).toEqual([['echo', 'a#b', '#c']]);
    expect(unwrapSudo(['sudo', '-u', 'postgres', '-E', 'pg_dump', 'db'])).toEqual(['pg_dump', 'db']);
    expect(unwrapSudo(['sudo', '-i'])).toEqual(['sudo', '-i']);
  });

  it('damaged lines are located by line number, the rest still read', () => {
    const text = [`#${T}`, 'id', '#99999999999999', 'whoami', `: 12x:0;ls`, `: ${T}:0;uname -a`, '- cmd: ls', '  when: soon', `#${T}`, 'pwd'].join('\n');
    const r = parseAll(shellHistoryFormat.createParser(ctx), Buffer.from(text));
    expect(r.invalid).toEqual([
      { line: 3, reason: 'bash history time "#99999999999999" is not a time in seconds since 1970' },
      { line: 5, reason: 'zsh extended history line is not ": <start>:<elapsed>;<command>"' },
      { line: 8, reason: 'fish history "when:" is not a time in seconds since 1970: "soon"' },
    ]);
    expect(r.records.map((x) => [x.lineNo, x.argv?.[0]])).toEqual([
      [2, 'id'],
      [6, 'uname'],
      [10, 'pwd'],
    ]);
    // whoami after the bad stamp and the fish command without a time: counted, not placed.
    expect(r.notes[1]).toMatch(/^2 commands without timestamps/);
    // One entry of 300 simple commands: the first 256 read, the rest named as a problem.
    const many = parseAll(shellHistoryFormat.createParser(ctx), Buffer.from(`#${T}\n${Array.from({ length: 300 }, () => 'id').join('; ')}\n`));
    expect(many.records).toHaveLength(256);
    expect(many.invalid).toEqual([{ line: 2, reason: '300 commands in one entry: the first 256 read' }]);
  });

  it('output does not depend on chunk boundaries', () => {
    parseWithSplits(() => shellHistoryFormat.createParser(ctx), Buffer.from(BASH));
    parseWithSplits(() => shellHistoryFormat.createParser(ctx), Buffer.from(ZSH));
    parseWithSplits(() => shellHistoryFormat.createParser(ctx), Buffer.from(FISH));
  });
});
