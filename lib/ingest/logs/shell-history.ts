// Shell history files as a log (docs/ANCHORS.md#shell-history): what a person typed, read as the
// commands auditd's execve records would have shown, so the host detectors (history clearing,
// dumps, archives, copies, downloads, lateral SSH …) read them unchanged.
//
// * bash `~/.bash_history`: one command a line. With `HISTTIMEFORMAT` set, bash writes the time
//   of each entry before it as a comment line `#<seconds since 1970>` (bash(1), HISTORY); lines
//   after a time up to the next one are the lines of that entry (a multi-line command).
// * zsh `~/.zsh_history` with EXTENDED_HISTORY: `: <start>:<elapsed>;<command>`; a command
//   continued on the next line ends with a backslash (zshoptions(1), EXTENDED_HISTORY). zsh
//   "metafies" bytes 0x83 and above in the file; they are kept as read (`\xNN` where they are
//   not UTF-8), which leaves ASCII command lines — what the detectors match — intact.
// * fish `~/.local/share/fish/fish_history`: YAML-like `- cmd: <command>` then `  when: <start>`
//   (and `  paths:` lists); `\n` and `\\` are escaped in the command.
//
// Dated commands become `exec` events: the command line split at unquoted `;`, `&&`, `||`, `|`
// and `&` into one event per simple command (auditd sees one execve per program), its words
// unquoted into argv, a leading `sudo [options]` unwrapped so argv[1] is the program run (as
// auditd's execve of it shows). `program` names the history (`bash_history` …), `exe` stays
// empty: nothing was audited, the shell recorded what was typed. The user is the history's owner
// from the path (`root/.bash_history` → root, `home/<user>/…` → user); the host is the bundle
// folder's, as for every per-host file.
//
// A plain bash history has no times: its commands are counted and named in a notice, never placed
// on the timeline (no time is invented; the file's mtime only bounds the last command). Plain
// bash history is recognised only by its file name (any text is a valid plain history); the
// dated shapes are recognised from content as well.
import type { LogRecord } from '../../records/records';
import type { LogFormat } from '../format';
import type { ChunkParser, ParseBatch, ParseContext } from '../types';
import { sampleLines } from './sniff-lines';
import { createLineParser } from './split-lines';

export type HistoryShell = 'bash' | 'zsh' | 'fish';

/** Longest command kept (a zsh command continued over lines, a fish command): the rest is cut. */
export const MAX_COMMAND_CHARS = 64 * 1024;
/** Simple commands read from one entry (`a; b; c …`); more are counted as a problem, not stored. */
export const MAX_COMMANDS_PER_ENTRY = 256;

const HISTORY_NAME = /(^|\/)(\.bash_history|\.zsh_history|\.zhistory|\.sh_history|\.history|fish_history)$/;

/** Whether a bundle member is a shell history file by its name (the only way to know a plain bash history). */
export function isShellHistoryName(memberPath: string): boolean {
  return HISTORY_NAME.test(memberPath);
}

/** The account whose history this is, from its path: `…/root/.bash_history` → root, `…/home/alice/…` → alice. */
export function historyOwner(path: string): string | undefined {
  const home = /(?:^|\/)home\/([^/]+)\//.exec(path);
  if (home) return home[1];
  if (/(?:^|\/)root\/(?:[^/]+\/)*(?:\.?[^/]*history)$/.test(path)) return 'root';
  return undefined;
}

/** The host a history belongs to: the bundle folder's, unless that "folder host" is the home folder itself. */
function historyHost(ctx: ParseContext): string | undefined {
  const h = ctx.hostHint;
  if (h === undefined) return undefined;
  // `root/.bash_history` or `home/alice/.bash_history` at the top of a bundle: no host folder.
  return h === 'root' || h === 'home' ? undefined : h;
}

const EPOCH_MIN = 100_000_000; // 1973
const EPOCH_MAX = 9_999_999_999; // 2286

function epochMs(s: string): number | undefined {
  if (!/^\d{1,11}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= EPOCH_MIN && n <= EPOCH_MAX ? n * 1000 : undefined;
}

const SEPARATORS = new Set([';', '&', '|']);

/**
 * A command line as simple commands, each as its words: quotes removed (single, double, `\`
 * escapes), split at unquoted `;`, `&`, `|` (and their doubles) and newlines; an unquoted `#` at
 * the start of a word ends the line (a comment). Redirections and expansions stay as text.
 * Unbalanced quotes end at the end of the line.
 */
export function splitCommandLine(line: string): string[][] {
  const out: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) out.push(words);
    words = [];
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1] as string)) word += line[++i];
      else word += c;
      continue;
    }
    if (c === '#' && !inWord) {
      // A comment: the shell runs nothing after it.
      break;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      endWord();
    } else if (c === '\n' || SEPARATORS.has(c)) {
      // `2>&1`, `>&2`: a redirection, not a separator.
      if (c === '&' && (line[i - 1] === '>' || line[i + 1] === '>')) {
        word += c;
        inWord = true;
        continue;
      }
      endCommand();
      if (line[i + 1] === c) i++;
    } else {
      word += c;
      inWord = true;
    }
  }
  endCommand();
  return out;
}

/** sudo's options that take a value (sudo(8)); the first other word is the command. */
const SUDO_VALUE_OPTS = new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-R', '-T', '-U', '-r', '-t']);

/** `sudo [-u user] cmd args` → `cmd args`; other commands unchanged. A bare `sudo -i`/`sudo -s` stays. */
export function unwrapSudo(words: string[]): string[] {
  if (words[0] !== 'sudo' && !words[0]?.endsWith('/sudo')) return words;
  let i = 1;
  while (i < words.length && (words[i] as string).startsWith('-')) {
    const w = words[i] as string;
    i += SUDO_VALUE_OPTS.has(w) ? 2 : 1;
    if (w === '--') break;
  }
  return i < words.length ? words.slice(i) : words;
}

interface Pending {
  lineNo: number;
  text: string;
  cut: boolean;
}

export function createShellHistoryParser(ctx: ParseContext): ChunkParser<LogRecord> {
  const user = historyOwner(ctx.path);
  const host = historyHost(ctx);
  let undated = 0;
  let dated = 0;
  let firstUndatedLine = 0;
  const shells = new Set<HistoryShell>();
  /** bash: the time of the entry being read (after a `#epoch` line). */
  let bashTime: number | undefined;
  /** zsh: a command continued with a trailing backslash. */
  let zsh: (Pending & { tsMs: number }) | undefined;
  /** fish: the `- cmd:` waiting for its `when:`. */
  let fish: Pending | undefined;

  const emit = (shell: HistoryShell, text: string, lineNo: number, tsMs: number, batch: ParseBatch<LogRecord>) => {
    dated++;
    const out = batch.records;
    const commands = splitCommandLine(text);
    if (commands.length > MAX_COMMANDS_PER_ENTRY) {
      batch.invalid.push({ line: lineNo, reason: `${commands.length} commands in one entry: the first ${MAX_COMMANDS_PER_ENTRY} read` });
      commands.length = MAX_COMMANDS_PER_ENTRY;
    }
    for (const words of commands) {
      const argv = unwrapSudo(words);
      const rec: LogRecord = { lineNo, tsMs, kind: 'exec', program: `${shell}_history`, argv, raw: text };
      if (user !== undefined) rec.userName = user;
      if (host !== undefined) {
        rec.hostName = host;
        rec.hostFrom = 'bundle-folder';
      }
      out.push(rec);
    }
  };
  const countUndated = (lineNo: number) => {
    undated++;
    if (firstUndatedLine === 0) firstUndatedLine = lineNo;
  };
  const append = (p: Pending, more: string): boolean => {
    if (p.cut) return false;
    if (p.text.length + more.length + 1 > MAX_COMMAND_CHARS) {
      p.cut = true;
      return true;
    }
    p.text += `\n${more}`;
    return false;
  };
  const flushFish = () => {
    if (fish !== undefined) countUndated(fish.lineNo);
    fish = undefined;
  };

  return createLineParser<LogRecord>({
    onLine(text, lineNo, batch) {
      if (zsh !== undefined) {
        const more = text.endsWith('\\');
        if (append(zsh, more ? text.slice(0, -1) : text))
          batch.invalid.push({ line: zsh.lineNo, reason: `command longer than ${MAX_COMMAND_CHARS} characters; cut` });
        if (!more) {
          emit('zsh', zsh.text, zsh.lineNo, zsh.tsMs, batch);
          zsh = undefined;
        }
        return;
      }
      // fish
      if (text.startsWith('- cmd:')) {
        flushFish();
        shells.add('fish');
        fish = { lineNo, text: unescapeFish(text.slice(6).trimStart()), cut: false };
        return;
      }
      if (fish !== undefined || (shells.has('fish') && text.startsWith('  '))) {
        const when = /^ {2}when: *(.*)$/.exec(text);
        if (when !== null) {
          const ts = epochMs((when[1] ?? '').trim());
          if (ts === undefined) {
            batch.invalid.push({ line: lineNo, reason: `fish history "when:" is not a time in seconds since 1970: "${(when[1] ?? '').slice(0, 40)}"` });
            flushFish();
            return;
          }
          if (fish !== undefined) emit('fish', fish.text, fish.lineNo, ts, batch);
          fish = undefined;
          return;
        }
        if (/^ {2}\S/.test(text) || /^ {4}- /.test(text)) return; // paths: and its items
        if (fish !== undefined) {
          batch.invalid.push({ line: lineNo, reason: 'fish history entry broken: expected "  when: <seconds>" or "- cmd: …"' });
          flushFish();
        }
      }
      // zsh extended history
      if (text.startsWith(': ')) {
        const m = /^: *(\d+):(\d+);([\s\S]*)$/.exec(text);
        if (m === null) {
          if (/^: *\d/.test(text)) {
            batch.invalid.push({ line: lineNo, reason: 'zsh extended history line is not ": <start>:<elapsed>;<command>"' });
            return;
          }
        } else {
          const ts = epochMs(m[1] ?? '');
          if (ts === undefined) {
            batch.invalid.push({ line: lineNo, reason: `zsh history start time ${(m[1] ?? '').slice(0, 20)} is not a time in seconds since 1970` });
            return;
          }
          shells.add('zsh');
          bashTime = undefined;
          const cmd = m[3] ?? '';
          if (cmd.endsWith('\\')) zsh = { lineNo, text: cmd.slice(0, -1), cut: false, tsMs: ts };
          else emit('zsh', cmd, lineNo, ts, batch);
          return;
        }
      }
      // bash: a `#<seconds>` line dates the entry that follows
      if (text.charCodeAt(0) === 35 /* # */ && /^#\d+$/.test(text)) {
        const ts = epochMs(text.slice(1));
        if (ts === undefined) {
          batch.invalid.push({ line: lineNo, reason: `bash history time "${text.slice(0, 24)}" is not a time in seconds since 1970` });
          bashTime = undefined;
          return;
        }
        shells.add('bash');
        bashTime = ts;
        return;
      }
      if (bashTime !== undefined) emit('bash', text, lineNo, bashTime, batch);
      else countUndated(lineNo);
    },
    onEnd(batch) {
      if (zsh !== undefined) {
        emit('zsh', zsh.text, zsh.lineNo, zsh.tsMs, batch);
        zsh = undefined;
      }
      flushFish();
      const notes: string[] = [];
      const owner = user === undefined ? 'an unknown account (no root/ or home/<user>/ in the path)' : `${user}`;
      const where = host === undefined ? 'no host (no bundle folder names one)' : `host "${host}" (from the folder name)`;
      notes.push(`shell history of ${owner} on ${where}: ${dated} dated command${dated === 1 ? '' : 's'} read as executed commands`);
      if (undated > 0) {
        notes.push(
          `${undated} command${undated === 1 ? '' : 's'} without timestamps (from line ${firstUndatedLine}; bash writes times only with HISTTIMEFORMAT set): read, not placed on the timeline`,
        );
      }
      batch.notes = notes;
    },
  });
}

function unescapeFish(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** How sure the head is a dated shell history (bash `#epoch`, zsh extended, fish); plain history scores 0. */
export function sniffShellHistory(head: Buffer): number {
  const lines = sampleLines(head);
  if (lines.length < 2) return 0;
  const first = lines[0] as string;
  if (first.startsWith('- cmd:')) {
    const whens = lines.filter((l) => /^ {2}when: \d{9,11}$/.test(l)).length;
    const cmds = lines.filter((l) => l.startsWith('- cmd:')).length;
    const other = lines.filter((l) => !l.startsWith('- cmd:') && !/^ {2}\S/.test(l) && !/^ {4}- /.test(l)).length;
    return whens > 0 && whens >= cmds - 1 && other === 0 ? 0.9 : 0;
  }
  const zsh = lines.filter((l) => /^: \d{9,11}:\d+;/.test(l)).length;
  if (/^: \d{9,11}:\d+;/.test(first) && zsh / lines.length >= 0.5) return 0.9;
  const stamps = lines.filter((l) => /^#\d{9,11}$/.test(l)).length;
  // Every entry has its stamp: about half the lines (multi-line entries make it less).
  if (/^#\d{9,11}$/.test(first) && stamps / lines.length >= 0.3 && stamps >= 2) return 0.85;
  return 0;
}

export const shellHistoryFormat: LogFormat = {
  id: 'shell-history',
  kind: 'logs',
  label: 'Shell history (bash, zsh, fish)',
  sniff: sniffShellHistory,
  createParser: createShellHistoryParser,
};
