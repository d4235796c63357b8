// Defense evasion seen on the host: shell history cleared or switched off (T1070.003 Clear
// Command History): rm/unlink/shred/truncate of a history file, `ln -sf /dev/null` over it, a
// redirection that empties it, `history -c`, `unset HISTFILE`, `HISTFILE=/dev/null`,
// `HISTSIZE=0` / `HISTFILESIZE=0`, `set +o history`. Anchors: Sigma "Linux Command History
// Tampering" (fdc88d25…, high) and "History File Deletion" (1182f3b3…, high), Elastic
// "Tampering of Bash Command-Line History" (docs/ANCHORS.md#indicator-removal). Builtins such as
// `history -c` only reach the logs inside a `bash -c …` command line or a history file; that is
// what is matched. Defense Evasion maps to Exploitation (docs/ANCHORS.md#kill-chain-mapping).

import { defineEventRule } from './event-rule';
import { CMD, hasLiteral, PROG } from './patterns';

/** A shell or tool history file as the last part of a path. */
export const HISTORY_FILE = `(\\.(bash|zsh|sh|ash|ksh|mysql|psql|python|sqlite|node_repl)_history|\\.zhistory|/\\.history)( |$|;|&)`;

const REMOVE = `(${PROG} ~ '^(rm|unlink|shred|truncate|srm|wipe)$' AND ${CMD} ~ '${HISTORY_FILE}')`;
const TO_NULL = `(${PROG} = 'ln' AND ${CMD} ~ ' /dev/null ' AND ${CMD} ~ '${HISTORY_FILE}')`;
const BUILTIN = `(${CMD} ~ '(^|[ ;&|])(history +-[a-z]*c|unset +HISTFILE|set +\\+o +history)' OR ${CMD} ~ '(^|[ ;&|])(export +)?(HISTFILE=/dev/null|HIST(FILE)?SIZE=0)( |;|$)' OR ${CMD} ~ '(^|[ ;&|]):? *> *\\S*(${HISTORY_FILE})')`;

export const historyClear = defineEventRule({
  id: 'logs.history-clear',
  title: 'Shell history cleared',
  stage: 'exploitation',
  techniques: ['T1070.003'],
  label: 'History cleared',
  description:
    'A history file removed, shredded, truncated, emptied or linked to /dev/null, or history switched off (history -c, unset HISTFILE, HISTFILE=/dev/null, HISTSIZE=0, set +o history).',
  // Every pattern needs `history` (a history file, the builtin) or `HIST` (HISTFILE, HISTSIZE).
  prefilter: hasLiteral(CMD, ['history', 'HIST']),
  where: `e.kind IN ('exec', 'priv_cmd', 'sudo', 'cron_run') AND cardinality(e.argv) > 0 AND (${REMOVE} OR ${TO_NULL} OR ${BUILTIN})`,
  score: '0.9',
  key: `coalesce(e.user_name, e.auid::text, '')`,
});
