-- The Community ID of a flow (corelight/community-id-spec) is a hash of columns `flow` already
-- holds (addresses, protocol, ports), and nothing read the stored copy: no query, page or report.
-- Computing it at ingest was 0.8 s of Node's 7.2 s per 1 M nfdump CSV rows (parse harness,
-- 2026-12-08) and 30 bytes of every COPY row. It is now computed where it is shown — each flow
-- of an activity's evidence (lib/queries/get-activity-evidence.ts) and of an address page — from
-- the stored columns, with the same function (lib/ingest/flows/community-id.ts).
ALTER TABLE "flow" DROP COLUMN "community_id";
