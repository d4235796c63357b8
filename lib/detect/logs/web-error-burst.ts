// Reconnaissance seen by a web server without a telling user agent: one client drawing many
// client errors (4xx) in a short time — content discovery, forced browsing, a scanner with a
// browser's user agent. Wazuh rule 31151 "Multiple web server 400 error codes from same source
// ip": ≥ 14 within 90 s, T1595.002 (docs/ANCHORS.md#wazuh, #web-server-logs).
import { defineEventRule } from './event-rule';
import { HTTP_PATH, HTTP_STATUS } from './web-patterns';

export const webErrorBurst = defineEventRule({
  id: 'logs.web-error-burst',
  title: 'Web 4xx burst from one client',
  stage: 'recon',
  techniques: ['T1595.002'],
  label: 'Web 4xx burst',
  description: 'One client drew at least the set number of 4xx responses from a web server, each within the burst gap of the previous one.',
  thresholds: {
    windowSeconds: { label: 'Burst gap', default: 90, unit: 's', min: 1, anchor: 'Wazuh 31151: timeframe 90 s (docs/ANCHORS.md#wazuh)' },
    minErrors: { label: 'Client errors in a burst', default: 14, unit: 'requests', min: 2, anchor: 'Wazuh 31151: frequency 14 (docs/ANCHORS.md#wazuh)' },
  },
  params: ['minErrors'],
  where: `e.kind = 'http_request' AND e.src_ip IS NOT NULL AND ${HTTP_STATUS} ~ '^4[0-9][0-9]$'`,
  score: '0.5',
  peer: 'e.src_ip',
  having: 'count(*) >= $4',
  describe: `format('%s %s (%s)', coalesce(e.argv[1], ''), left(coalesce(${HTTP_PATH}, ''), 120), coalesce(e.result, ''))`,
});
