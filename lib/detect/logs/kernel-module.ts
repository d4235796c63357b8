// Installation seen on the host: a kernel module loaded (init_module/finit_module syscalls,
// KERN_MODULE records; Sigma "Loading of Kernel Module via Insmod", high, T1547.006; laurel
// `module` key; docs/ANCHORS.md#sigma, #laurel). Boot and hot-plug load modules all the time through
// systemd-modules-load, udev and modprobe: low. insmod by hand, or any other loader: high.

import { defineEventRule } from './event-rule';
import { CMD, PROG } from './patterns';

export const kernelModule = defineEventRule({
  id: 'logs.kernel-module',
  title: 'Kernel module loaded',
  stage: 'installation',
  techniques: ['T1547.006'],
  label: 'Kernel module load',
  description: 'A kernel module was loaded (init_module/finit_module, KERN_MODULE) or insmod was run.',
  where: `e.kind = 'module_load' OR (e.kind = 'exec' AND ${PROG} = 'insmod')`,
  score: `CASE WHEN ${PROG} = 'insmod' THEN 0.9 WHEN ${PROG} ~ '^(systemd-modules-load|systemd-udevd|udevd|modprobe|kmod|systemd)$' THEN 0.3 ELSE 0.9 END`,
  key: PROG,
  describe: `format('%s loaded %s', coalesce(e.exe, e.program, '?'), coalesce(array_to_string(e.paths, ', '), nullif(${CMD}, ''), 'a module'))`,
});
