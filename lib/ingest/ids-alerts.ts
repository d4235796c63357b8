// Writes the IDS alerts a flow format carries beside its flows (Suricata EVE `alert` events)
// into `ids_alert`, one INSERT per parser batch: a batch holds the alerts of one chunk, so memory
// stays flat. The rows go with their source file (ON DELETE CASCADE), so clearing an upload
// clears them too.
import type pg from 'pg';
import type { IdsAlertRecord } from '../records/records';

const opt = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

export async function insertIdsAlerts(client: pg.PoolClient, assessmentId: string, sourceFileId: string, alerts: readonly IdsAlertRecord[]): Promise<number> {
  if (alerts.length === 0) return 0;
  const res = await client.query(
    `INSERT INTO ids_alert (assessment_id, source_file_id, line_no, ts, src_ip, dst_ip, src_port, dst_port, proto,
                            signature, signature_id, category, severity, stage, technique, flow_id)
     SELECT $1, $2, x.* FROM unnest($3::int[], $4::timestamptz[], $5::inet[], $6::inet[], $7::int[], $8::int[], $9::smallint[],
                                    $10::text[], $11::int[], $12::text[], $13::smallint[], $14::text[], $15::text[], $16::bigint[])
       AS x(line_no, ts, src_ip, dst_ip, src_port, dst_port, proto, signature, signature_id, category, severity, stage, technique, flow_id)`,
    [
      assessmentId,
      sourceFileId,
      alerts.map((a) => a.lineNo),
      alerts.map((a) => new Date(a.tsMs).toISOString()),
      alerts.map((a) => a.srcIp),
      alerts.map((a) => a.dstIp),
      alerts.map((a) => a.srcPort),
      alerts.map((a) => a.dstPort),
      alerts.map((a) => a.proto),
      alerts.map((a) => a.signature.replaceAll('\0', '')),
      alerts.map((a) => opt(a.signatureId)),
      alerts.map((a) => opt(a.category?.replaceAll('\0', ''))),
      alerts.map((a) => opt(a.severity)),
      alerts.map((a) => opt(a.stage)),
      alerts.map((a) => opt(a.technique)),
      alerts.map((a) => opt(a.flowId)),
    ],
  );
  return res.rowCount ?? 0;
}
