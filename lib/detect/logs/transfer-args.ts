// How a transfer tool's command line says "upload": curl -T/--upload-file/-F/--data @file,
// wget --post-file (Sigma "Data Exfiltration with Wget", T1048.003), scp/rsync whose last
// argument is a remote `[user@]host:path` (Sigma "Remote File Copy"; docs/ANCHORS.md#sigma).
import { CMD, PROG } from './patterns';

export const UPLOAD = `(
  (${PROG} = 'curl' AND ${CMD} ~ '( -T| --upload-file| -F| --form| --data-binary @| --data @| -d @)')
  OR (${PROG} = 'wget' AND ${CMD} ~ ' --post-file')
  OR (${PROG} IN ('scp', 'rsync') AND cardinality(e.argv) >= 3 AND e.argv[cardinality(e.argv)] ~ '^([^/@ ]+@)?[^/: ]+:')
)`;

/** Download tools; apt and dnf use their own fetchers, so routine updates never match. */
export const DOWNLOAD_TOOL = `(${PROG} ~ '^(curl|wget|scp|rsync|sftp|tftp|lftp|ftp)$')`;

/**
 * The remote end of someone else's transfer: sshd runs `rsync --server` (with `--sender` when
 * the remote side pulls) and `scp -f` / `scp -t` on behalf of the client that started it (a
 * backup job pulling /srv/, an admin copying a file). The client's own command is the
 * download or upload; the server side moves data for it and is not one.
 */
export const SERVER_SIDE = `(
  (${PROG} = 'rsync' AND ${CMD} ~ ' --server( |$)')
  OR (${PROG} = 'scp' AND ${CMD} ~ ' -[a-zA-Z0-9]*[ft][a-zA-Z0-9]*( |$)')
)`;
