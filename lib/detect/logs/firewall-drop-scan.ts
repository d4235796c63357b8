// Recon seen by the host firewall: UFW/iptables LOG-and-drop lines (kern.log) from one source
// touching many ports or many destinations. A lone drop is Internet noise; the thresholds are
// the network scan detectors' (Zeek misc/scan.zeek: 15 unique ports, 25 unique hosts in 5 min;
// docs/ANCHORS.md#zeek-scan, #bro-simple-scan), so the two sources are judged alike.
import { defineEventRule } from './event-rule';

export const firewallDropScan = defineEventRule({
  id: 'logs.firewall-drop-scan',
  title: 'Firewall drops: scan',
  stage: 'recon',
  techniques: ['T1046', 'T1595.001'],
  label: 'Firewall dropped a scan',
  description: 'The host firewall logged dropped packets from one source to many ports or many addresses within a burst.',
  thresholds: {
    ports: {
      label: 'Distinct ports',
      default: 15,
      min: 2,
      anchor: 'zeek misc/scan.zeek port_scan_threshold = 15',
    },
    hosts: {
      label: 'Distinct hosts',
      default: 25,
      min: 2,
      anchor: 'zeek misc/scan.zeek addr_scan_threshold = 25',
    },
  },
  params: ['ports', 'hosts'],
  where: `e.kind = 'firewall_drop' AND e.src_ip IS NOT NULL`,
  score: '0.5',
  peer: 'e.src_ip',
  describe: `format('%s dropped from %s', coalesce(e.result, 'packet'), host(e.src_ip))`,
  having: `count(DISTINCT dport) >= $4 OR count(DISTINCT dip) >= $5`,
  burstScore: `0.4 + 0.1 * greatest(count(DISTINCT dport)::float8 / $4, count(DISTINCT dip)::float8 / $5)`,
});
