// network.ids-alert: Suricata's alerts, ingested from an EVE file, become network detections —
// one per burst of one signature between one source and one destination, each with the stage
// and technique its rule's metadata or classtype gives, the internal side as the host and the
// flows of the pair as evidence. Alerts with no stage stay quiet. The real WRCCDC 2018 sample
// gives one detection per staged alert (every signature there is between its own pair).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDetectors } from '../../../test/kits/detect';
import { GENERATED_ALERTS } from '../../../test/kits/eve-alerts';
import { tempDirs } from '../../../test/kits/temp-dirs';
import { addLocalUpload, createAssessment } from '../../assessments/service';
import { closeDb, getPool } from '../../db/client';
import { runIngest } from '../../pipeline';
import { idsAlert } from './ids-alert';

afterAll(closeDb);
const tempDir = tempDirs();

const PUBLIC = path.join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'public', 'suricata', 'wrccdc-2018-alerts.log');

const flowEvent = (ts: string, start: string, src: string, dst: string, sport: number, dport: number) =>
  JSON.stringify({
    timestamp: ts,
    flow_id: 1,
    event_type: 'flow',
    src_ip: src,
    src_port: sport,
    dest_ip: dst,
    dest_port: dport,
    proto: 'TCP',
    flow: { pkts_toserver: 10, pkts_toclient: 8, bytes_toserver: 2000, bytes_toclient: 9000, start, end: ts },
  });

/** The generated alerts, the exploit alert twice more within seconds and once two hours later, and the flows of the pairs. */
function generatedEve(): string {
  const again = (GENERATED_ALERTS.split('\n')[0] ?? '').replace('20:16:20.100000', '20:16:25.000000');
  const later = (GENERATED_ALERTS.split('\n')[0] ?? '').replace('20:16:20.100000', '22:30:00.000000');
  return [
    flowEvent('2026-12-04T20:16:30.000000+0000', '2026-12-04T20:16:19.000000+0000', '203.0.113.66', '10.40.0.5', 40000, 80),
    flowEvent('2026-12-04T20:17:30.000000+0000', '2026-12-04T20:16:20.000000+0000', '10.40.0.5', '198.51.100.9', 40000, 443),
    GENERATED_ALERTS,
    again,
    again.replace('20:16:25', '20:16:26'),
    later,
  ].join('\n');
}

async function ingest(content: string | Buffer): Promise<string> {
  const dir = tempDir('ids-alert-');
  const file = path.join(dir, 'eve.json');
  fs.writeFileSync(file, content);
  const a = await createAssessment({ name: 'ids-alert' });
  await runIngest(await addLocalUpload({ assessmentId: a, kind: 'flows', file }));
  return a;
}

describe('network.ids-alert', () => {
  it('one detection per (signature, source, destination) burst, stage and technique per alert, the internal side as host', async () => {
    const a = await ingest(generatedEve());
    const { rows } = await getPool().query<{ n: string }>('SELECT count(*) AS n FROM ids_alert WHERE assessment_id = $1', [a]);
    expect(Number(rows[0]?.n)).toBe(8);
    const found = await runDetectors(a, [idsAlert]);
    expect(found.map((d) => [d.stage, d.technique, d.hostIp, d.peer, d.severity])).toEqual([
      ['delivery', 'T1190', '10.40.0.5', '203.0.113.66', 'medium'],
      ['c2', 'T1071.001', '10.40.0.5', '198.51.100.9', 'medium'],
      ['recon', 'T1595', '10.40.0.5', '203.0.113.66', 'low'],
      ['delivery', 'T1190', '10.40.0.5', '203.0.113.66', 'medium'],
    ]);
    expect(found[0]?.summary).toBe(
      'Suricata: "ET EXPLOIT Apache Struts RCE" — 3 alerts from 203.0.113.66 to 10.40.0.5:80 (Attempted Administrator Privilege Gain)',
    );
    expect(found[0]?.startTs.toISOString()).toBe('2026-12-04T20:16:20.100Z');
    expect(found[0]?.endTs.toISOString()).toBe('2026-12-04T20:16:26.000Z');
    expect(found[3]?.summary).toContain('— 1 alert from');
    // The flows of the pair in the burst are its evidence; the SSH scan's pair has the web flow.
    expect(found[0]?.evidenceIds).toHaveLength(1);
    expect(found[1]?.evidenceIds).toHaveLength(1);
    expect(found[3]?.evidenceIds).toEqual([]);
  });

  it('a shorter burst gap splits the burst', async () => {
    const a = await ingest(generatedEve());
    const found = await runDetectors(a, [idsAlert], { 'network.ids-alert': { burstGapSeconds: 2 } });
    expect(found.filter((d) => d.summary.includes('Struts')).map((d) => d.summary.match(/— (\d+) alert/)?.[1])).toEqual(['1', '2', '1']);
  });

  it('alerts without a stage (policy, reputation lists, decode events) stay quiet', async () => {
    const quiet = GENERATED_ALERTS.split('\n').slice(3).join('\n');
    const a = await ingest(quiet);
    expect(await runDetectors(a, [idsAlert])).toEqual([]);
  });

  it('the real WRCCDC 2018 alerts: 68 detections, one per staged alert', async () => {
    const a = await ingest(fs.readFileSync(PUBLIC));
    const found = await runDetectors(a, [idsAlert], {}, ['10.0.0.0/8']);
    expect(found).toHaveLength(68);
    const count = (stage: string) => found.filter((d) => d.stage === stage).length;
    expect([count('recon'), count('delivery'), count('c2'), count('actions')]).toEqual([10, 29, 26, 3]);
  });
});
