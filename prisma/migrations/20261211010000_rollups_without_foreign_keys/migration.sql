-- The rollups written at ingest (flows per address and per minute, log events per host and hour)
-- lose their foreign key to assessment, as activity_evidence and the record tables did: the key
-- was checked once per inserted row, ~0.6 s of the 117 k log rollup rows of a 250-host week
-- (their INSERTs 1.7 s → 1.0 s). Deleting an assessment deletes them explicitly
-- (lib/assessments/delete.ts); an upload's are deleted with it (deleteUploadRollups).
ALTER TABLE "flow_address_rollup" DROP CONSTRAINT "flow_address_rollup_assessment_id_fkey";
ALTER TABLE "flow_minute_rollup" DROP CONSTRAINT "flow_minute_rollup_assessment_id_fkey";
ALTER TABLE "log_rollup" DROP CONSTRAINT "log_rollup_assessment_id_fkey";
