-- flow and log_event are partitioned by assessment (declarative LIST partitioning). Ingest loads
-- an assessment's first upload of records into a table of its own with no indexes, builds the
-- indexes once after the load and attaches the table as the assessment's partition
-- (lib/ingest/partitions.ts); deleting an assessment drops its partitions. Rows of an assessment
-- without a partition of its own (rows written one by one, rows loaded before this migration)
-- live in the DEFAULT partition.
--
-- Inside a partition every row has the same assessment_id, so the secondary indexes no longer
-- lead with it (half the bytes to build and to read); the primary keys include it, as
-- partitioned tables (and Citus, docs/SCALE.md) require. The foreign keys to assessment go:
-- a partition is dropped with its assessment (lib/assessments/delete.ts), and a per-row
-- foreign-key check cost ~15 % of a bulk load.

-- flow
ALTER TABLE "flow" DROP CONSTRAINT "flow_assessment_id_fkey";
ALTER TABLE "flow" RENAME TO "flow_default";
ALTER TABLE "flow_default" DROP CONSTRAINT "flow_pkey";
DROP INDEX "flow_assessment_id_src_ip_start_ts_idx";
DROP INDEX "flow_assessment_id_dst_ip_start_ts_idx";
CREATE TABLE "flow" (LIKE "flow_default" INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY LIST ("assessment_id");
ALTER SEQUENCE "flow_id_seq" OWNED BY "flow"."id";
ALTER TABLE "flow" ATTACH PARTITION "flow_default" DEFAULT;
ALTER TABLE "flow" ADD CONSTRAINT "flow_pkey" PRIMARY KEY ("assessment_id", "id");
CREATE INDEX "flow_src_ip_start_ts_idx" ON "flow"("src_ip", "start_ts");
CREATE INDEX "flow_dst_ip_start_ts_idx" ON "flow"("dst_ip", "start_ts");

-- log_event
ALTER TABLE "log_event" DROP CONSTRAINT "log_event_assessment_id_fkey";
ALTER TABLE "log_event" RENAME TO "log_event_default";
ALTER TABLE "log_event_default" DROP CONSTRAINT "log_event_pkey";
DROP INDEX "log_event_assessment_id_host_name_ts_idx";
DROP INDEX "log_event_assessment_id_kind_ts_idx";
DROP INDEX "log_event_assessment_id_host_name_pid_ts_idx";
DROP INDEX "log_event_assessment_id_src_ip_ts_idx";
DROP INDEX "log_event_assessment_id_dst_ip_ts_idx";
CREATE TABLE "log_event" (LIKE "log_event_default" INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY LIST ("assessment_id");
ALTER SEQUENCE "log_event_id_seq" OWNED BY "log_event"."id";
ALTER TABLE "log_event" ATTACH PARTITION "log_event_default" DEFAULT;
ALTER TABLE "log_event" ADD CONSTRAINT "log_event_pkey" PRIMARY KEY ("assessment_id", "id");
CREATE INDEX "log_event_host_name_ts_idx" ON "log_event"("host_name", "ts");
CREATE INDEX "log_event_kind_ts_idx" ON "log_event"("kind", "ts");
CREATE INDEX "log_event_host_name_pid_ts_idx" ON "log_event"("host_name", "pid", "ts");
CREATE INDEX "log_event_src_ip_ts_idx" ON "log_event"("src_ip", "ts") WHERE "src_ip" IS NOT NULL;
CREATE INDEX "log_event_dst_ip_ts_idx" ON "log_event"("dst_ip", "ts") WHERE "dst_ip" IS NOT NULL;
