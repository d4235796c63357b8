// Installation seen on the host: scheduled-task persistence (T1053.003). crontab's `REPLACE`
// line (Sigma lnx_cron_crontab_file_modification, medium), and writes under /etc/crontab,
// /etc/cron.*, /var/spool/cron (laurel `wr_cron` watch, ATT&CK AN0805;
// docs/ANCHORS.md#laurel, #attack-analytics). A package manager dropping /etc/cron.daily/<pkg> is
// an install: low. A cron job *running* (cron_run) is not a change and never fires.

import { defineEventRule } from './event-rule';
import { PKG_PROG_RE, PROG } from './patterns';

const CRON_PATH = `'^(/etc/crontab|/etc/cron\\.[a-z]+(/|$)|/etc/cron\\.d(/|$)|/var/spool/cron(/|$)|/var/spool/cron/crontabs/|/var/spool/cron/atjobs/)'`;

export const cronChange = defineEventRule({
  id: 'logs.cron-change',
  title: 'Cron job changed',
  stage: 'installation',
  techniques: ['T1053.003'],
  label: 'Cron change',
  description: 'A crontab was replaced (cron REPLACE) or a file under the cron directories was written or created.',
  where: `e.kind = 'cron_replace' OR (e.kind IN ('file_write', 'file_create') AND EXISTS (SELECT 1 FROM unnest(e.paths) p WHERE p ~ ${CRON_PATH}))`,
  score: `CASE WHEN ${PROG} ~ '${PKG_PROG_RE}' THEN 0.3 ELSE 0.7 END`,
  describe: `CASE WHEN e.kind = 'cron_replace' THEN format('crontab of %s replaced', coalesce(e.user_name, '?'))
    ELSE format('%s wrote %s', coalesce(e.exe, '?'), array_to_string(e.paths, ', ')) END`,
});
