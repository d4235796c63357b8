// Recon seen by sshd: clients that connect and leave before authenticating — banner grabbing
// ("Did not receive identification string", bad protocol version) and pre-auth disconnects from
// sources that never tried a password nearby. Any such line counts (Filebeat system/auth
// `ssh.dropped_ip`, Wazuh 5701 "possible attack … or version gathering";
// docs/ANCHORS.md#filebeat-system-auth, #wazuh). Internet background noise: severity stays low.
import { defineEventRule } from './event-rule';

export const sshProbe = defineEventRule({
  id: 'logs.ssh-probe',
  title: 'SSH banner grab / pre-auth probe',
  stage: 'recon',
  techniques: ['T1595'],
  label: 'SSH probe',
  description:
    'sshd saw a client connect and leave before authenticating: no identification string, protocol mismatch, or a pre-auth disconnect from a source that tried no password within the window.',
  where: `e.src_ip IS NOT NULL AND (e.kind = 'ssh_no_ident' OR (e.kind IN ('ssh_preauth', 'ssh_error') AND NOT EXISTS (
      SELECT 1 FROM log_event x WHERE x.assessment_id = $1 AND x.kind IN ('ssh_failed', 'ssh_invalid_user', 'ssh_accepted')
        AND x.ts BETWEEN e.ts - make_interval(secs => $3) AND e.ts + make_interval(secs => $3)
        AND x.src_ip = e.src_ip AND x.host_name IS NOT DISTINCT FROM e.host_name)))`,
  score: `CASE WHEN e.kind = 'ssh_no_ident' THEN 0.5 ELSE 0.4 END`,
  peer: 'e.src_ip',
  describe: `format('%s from %s', CASE e.kind WHEN 'ssh_no_ident' THEN 'no SSH identification string' WHEN 'ssh_error' THEN 'SSH negotiation error' ELSE 'pre-auth disconnect' END, host(e.src_ip))`,
});
