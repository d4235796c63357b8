// Every query the assessment's pages run (overview, activities, one activity's evidence, hosts,
// files, blind spots, one address page), timed as a visitor meets them: once to warm, then
// `runs` times, median and maximum. Shared by index-usage (which indexes they use) and cli-scale
// (the 200 ms goal on the 10 M-flow assessment, issue 17).
import { getAdvice } from '../../lib/advice/advice';
import { getPool } from '../../lib/db/client';
import { getActivities } from '../../lib/queries/get-activities';
import { getActivity, getActivityEvidence } from '../../lib/queries/get-activity-evidence';
import { getAddressBlindSpots, getAddressFlows, getAddressPeers, getAddressSummary } from '../../lib/queries/get-address';
import { getAuditAdviceCandidates } from '../../lib/queries/get-audit-advice-candidates';
import { getBlindSpotPage } from '../../lib/queries/get-blind-spot-page';
import { getBlindSpots } from '../../lib/queries/get-blind-spots';
import { getClassFacts } from '../../lib/queries/get-class-facts';
import { getCostOfSeeing } from '../../lib/queries/get-cost-of-seeing';
import { getFileErrors, getFiles } from '../../lib/queries/get-files';
import { getFilterOptions } from '../../lib/queries/get-filter-options';
import { getHostMappings } from '../../lib/queries/get-host-mappings';
import { getHostStageMatrix } from '../../lib/queries/get-host-stage-matrix';
import { getHosts } from '../../lib/queries/get-hosts';
import { getSensorAdviceCandidates } from '../../lib/queries/get-sensor-advice-candidates';
import { getStageActivityFacts } from '../../lib/queries/get-stage-activity-facts';
import { getStageCoverage } from '../../lib/queries/get-stage-coverage';
import { getTechniqueVisibility } from '../../lib/queries/get-technique-visibility';
import { getTimeline } from '../../lib/queries/get-timeline';
import { getWebLogAdviceCandidates } from '../../lib/queries/get-web-log-advice-candidates';

export interface PageQueryTiming {
  query: string;
  medianMs: number;
  maxMs: number;
}

/** The page queries of assessment `id`; the activity and address pages open its first activity and its busiest source. */
export async function pageQueries(id: string): Promise<[string, () => Promise<unknown>][]> {
  const first = (await getActivities(id, { limit: 50, offset: 0 })).rows[0];
  const activityId = first ? String(first.id) : '0';
  // The address with the most flows it sent, from the address rollup ingest writes (not timed).
  const addr =
    (await getPool().query(`SELECT host(ip) AS ip FROM flow_address_rollup WHERE assessment_id = $1 GROUP BY ip ORDER BY sum(sent) DESC, ip LIMIT 1`, [id]))
      .rows[0]?.ip ?? '10.0.0.1';
  return [
    ['getStageCoverage', () => getStageCoverage(id)],
    ['getActivities (first page of 50)', () => getActivities(id, { limit: 50, offset: 0 })],
    ['getHostStageMatrix', () => getHostStageMatrix(id)],
    ['getTimeline', () => getTimeline(id)],
    ['getTechniqueVisibility', () => getTechniqueVisibility(id)],
    ['getBlindSpots', () => getBlindSpots(id)],
    ['getCostOfSeeing', () => getCostOfSeeing(id)],
    ['getClassFacts', () => getClassFacts(id)],
    ['getStageActivityFacts', () => getStageActivityFacts(id)],
    ['getFilterOptions', () => getFilterOptions(id)],
    ['getAuditAdviceCandidates', () => getAuditAdviceCandidates(id)],
    ['getSensorAdviceCandidates', () => getSensorAdviceCandidates(id)],
    ['getWebLogAdviceCandidates', () => getWebLogAdviceCandidates(id)],
    // The overview page's advice: its seven candidate queries at once, as the page runs them.
    ['getAdvice', () => getAdvice(id)],
    ['getActivity', () => getActivity(id, activityId)],
    ['getActivityEvidence (network)', () => getActivityEvidence(id, activityId, { limit: 50, offset: 0, source: 'network' })],
    ['getActivityEvidence (logs)', () => getActivityEvidence(id, activityId, { limit: 50, offset: 0, source: 'logs' })],
    ['getHosts', () => getHosts(id)],
    ['getHostMappings', () => getHostMappings(id)],
    ['getFiles', () => getFiles(id)],
    ['getFileErrors', () => getFileErrors(id)],
    ['getBlindSpotPage', () => getBlindSpotPage(id, {}, { limit: 50, offset: 0 })],
    [`getAddressSummary (${addr}, the busiest source)`, () => getAddressSummary(id, addr)],
    ['getAddressPeers', () => getAddressPeers(id, addr)],
    ['getAddressFlows (first page of 50)', () => getAddressFlows(id, addr, { limit: 50, offset: 0 })],
    ['getAddressBlindSpots', () => getAddressBlindSpots(id, addr, [])],
  ];
}

/** Each query once to warm (as a visited page would be), then `runs` times: median and maximum. */
export async function timePageQueries(pages: [string, () => Promise<unknown>][], runs = 5): Promise<PageQueryTiming[]> {
  const timings: PageQueryTiming[] = [];
  for (const [query, fn] of pages) {
    await fn();
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await fn();
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    const round = (x: number) => Math.round(x * 10) / 10;
    timings.push({ query, medianMs: round(ms[Math.floor(ms.length / 2)] ?? 0), maxMs: round(ms[ms.length - 1] ?? 0) });
  }
  return timings;
}
