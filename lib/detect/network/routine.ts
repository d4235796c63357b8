// Routine inbound traffic that must never make a download look like a callback or a new
// outbound connection look like an exploit's (issue 22 §7): remote logins (an admin's session is
// not the exploitation of a public-facing application), and pollers — a source that reaches
// several hosts again and again (a monitoring system scraping every host every 15 s, an uptime
// check), the source-side mirror of RITA's prevalence modifier (docs/ANCHORS.md#rita-modifiers).
import type { ThresholdSpec } from '../types';

/** Remote login and remote desktop: SSH, telnet, RDP, VNC. */
export const LOGIN_PORTS = [22, 23, 3389, 5900];

/**
 * CTE `pollers` (put after the sessions CTEs; `sess` must exist): sources with at least
 * `$rounds` sessions to each of at least `$hosts` destinations. A scan touches each address once
 * or a few times; a brute force hammers one host; a poller comes back to many, on a schedule.
 */
export function pollersCte(rounds: number, hosts: number): string {
  return `pollers AS (
    SELECT src_ip FROM (
      SELECT src_ip, dst_ip FROM sess GROUP BY src_ip, dst_ip HAVING count(*) >= $${rounds}
    ) pairs GROUP BY src_ip HAVING count(*) >= $${hosts}
  )`;
}

export const POLLER_THRESHOLDS: Record<string, ThresholdSpec> = {
  pollerRounds: {
    label: 'Poller: sessions to each host',
    default: 3,
    min: 2,
    anchor: 'Sightline default: a monitor comes back every round; a scan touches each address once',
  },
  pollerHosts: {
    label: 'Poller: hosts reached repeatedly',
    default: 3,
    min: 2,
    anchor: 'Sightline default: the source-side mirror of RITA prevalence (a monitor polls every host on one timer)',
  },
};
