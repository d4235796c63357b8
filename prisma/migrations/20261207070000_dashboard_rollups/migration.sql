-- Dashboard queries from summaries (issue 17): the address page and the cost of seeing no longer
-- read every flow of an address or every evidence record.

-- The address page's flow figures, summed per address at ingest with the flows themselves
-- (lib/records/rollups.ts). The table's rows are partial sums (per file and write) that cannot
-- be split, so they are counted again from the flows with the new columns (same definitions as
-- the code: a flow from an address to itself counts once on each side, sent and received).
DELETE FROM "flow_address_rollup";
ALTER TABLE "flow_address_rollup" ADD COLUMN "sent" BIGINT NOT NULL,
                                  ADD COLUMN "received" BIGINT NOT NULL,
                                  ADD COLUMN "answered" BIGINT NOT NULL,
                                  ADD COLUMN "bytes_out" BIGINT NOT NULL,
                                  ADD COLUMN "bytes_in" BIGINT NOT NULL;
INSERT INTO "flow_address_rollup" ("assessment_id", "source_file_id", "ip", "flows", "first_ts", "last_ts", "sent", "received", "answered", "bytes_out", "bytes_in")
SELECT assessment_id, source_file_id, ip, count(*), min(s), max(e), sum(sent), sum(received), sum(answered), sum(bytes_out), sum(bytes_in) FROM (
  SELECT assessment_id, source_file_id, src_ip AS ip, start_ts AS s, end_ts AS e, 1 AS sent, 0 AS received, 0 AS answered,
         bytes AS bytes_out, CASE WHEN src_ip = dst_ip THEN 0 ELSE coalesce(rev_bytes, 0) END AS bytes_in
  FROM "flow"
  UNION ALL
  SELECT assessment_id, source_file_id, dst_ip, start_ts, end_ts, 0, 1, CASE WHEN coalesce(rev_packets, 0) > 0 THEN 1 ELSE 0 END,
         CASE WHEN src_ip = dst_ip THEN 0 ELSE coalesce(rev_bytes, 0) END, bytes
  FROM "flow"
) u GROUP BY assessment_id, source_file_id, ip;

-- Each address's distinct peers: a distinct count is no sum of parts, so the analysis counts it
-- once over the assessment's flows (buildAddressPeers) and writing flows drops it. Assessments
-- analysed before this migration get theirs at their next analysis; until then the page counts
-- from the flows.
CREATE TABLE "flow_address_peers" (
    "assessment_id" UUID NOT NULL,
    "ip" INET NOT NULL,
    "peers" INTEGER NOT NULL,

    CONSTRAINT "flow_address_peers_pkey" PRIMARY KEY ("assessment_id", "ip")
);
ALTER TABLE "flow_address_peers" ADD CONSTRAINT "flow_address_peers_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Each activity's vantage points, stored by correlation with the activity: the flow exporters
-- (or flow files, when the export names no exporter) of its network evidence, and the hosts of
-- its log evidence. The cost of seeing counts them per stage from the activities alone.
ALTER TABLE "activity" ADD COLUMN "network_sensors" TEXT[] DEFAULT '{}',
                       ADD COLUMN "log_hosts" TEXT[] DEFAULT '{}';

UPDATE "activity" a SET
  network_sensors = coalesce((
    SELECT array_agg(DISTINCT coalesce(host(f.exporter), sf.id::text))
    FROM activity_evidence ev JOIN flow f ON f.assessment_id = a.assessment_id AND f.id = ev.record_id
      JOIN source_file sf ON sf.assessment_id = a.assessment_id AND sf.id = f.source_file_id
    WHERE ev.assessment_id = a.assessment_id AND ev.activity_id = a.id AND ev.source = 'network'), '{}'),
  log_hosts = coalesce((
    SELECT array_agg(DISTINCT e.host_name) FILTER (WHERE e.host_name IS NOT NULL)
    FROM activity_evidence ev JOIN log_event e ON e.assessment_id = a.assessment_id AND e.id = ev.record_id
    WHERE ev.assessment_id = a.assessment_id AND ev.activity_id = a.id AND ev.source = 'logs'), '{}')
WHERE EXISTS (SELECT 1 FROM activity_evidence ev WHERE ev.assessment_id = a.assessment_id AND ev.activity_id = a.id);
