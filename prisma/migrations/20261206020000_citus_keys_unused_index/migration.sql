-- Keys that fit Citus (docs/SCALE.md, plan 1: the assessment is the tenant). Citus requires every
-- primary key and unique constraint of a distributed table to contain its distribution column
-- (assessment_id), and a foreign key between two distributed tables to include it on both sides.
-- Ids stay unique on their own (uuids, one sequence per table); only the constraints change.
-- Not changed here, with the reason in docs/SCALE.md: upload (addressed by id alone across the job
-- queue and ~30 Prisma calls), source_file.upload_id → upload, report.assessment_id → assessment.

-- Foreign keys to the keys that change go first, and come back with the assessment id.
ALTER TABLE "host_address" DROP CONSTRAINT "host_address_host_id_fkey";
ALTER TABLE "host_address_doubt" DROP CONSTRAINT "host_address_doubt_host_id_fkey";
ALTER TABLE "host_fact" DROP CONSTRAINT "host_fact_source_file_id_fkey";

ALTER TABLE "source_file" DROP CONSTRAINT "source_file_pkey", ADD CONSTRAINT "source_file_pkey" PRIMARY KEY ("assessment_id", "id");
ALTER TABLE "parse_error" DROP CONSTRAINT "parse_error_pkey", ADD CONSTRAINT "parse_error_pkey" PRIMARY KEY ("assessment_id", "id");
ALTER TABLE "host" DROP CONSTRAINT "host_pkey", ADD CONSTRAINT "host_pkey" PRIMARY KEY ("assessment_id", "id");
ALTER TABLE "host_address" DROP CONSTRAINT "host_address_pkey", ADD CONSTRAINT "host_address_pkey" PRIMARY KEY ("assessment_id", "id");
ALTER TABLE "host_address_doubt" DROP CONSTRAINT "host_address_doubt_pkey", ADD CONSTRAINT "host_address_doubt_pkey" PRIMARY KEY ("assessment_id", "id");
ALTER TABLE "host_fact" DROP CONSTRAINT "host_fact_pkey", ADD CONSTRAINT "host_fact_pkey" PRIMARY KEY ("assessment_id", "id");
ALTER TABLE "flow_address_rollup" DROP CONSTRAINT "flow_address_rollup_pkey", ADD CONSTRAINT "flow_address_rollup_pkey" PRIMARY KEY ("assessment_id", "id");
ALTER TABLE "flow_minute_rollup" DROP CONSTRAINT "flow_minute_rollup_pkey", ADD CONSTRAINT "flow_minute_rollup_pkey" PRIMARY KEY ("assessment_id", "id");
ALTER TABLE "log_rollup" DROP CONSTRAINT "log_rollup_pkey", ADD CONSTRAINT "log_rollup_pkey" PRIMARY KEY ("assessment_id", "id");
ALTER TABLE "detection" DROP CONSTRAINT "detection_pkey", ADD CONSTRAINT "detection_pkey" PRIMARY KEY ("assessment_id", "id");
ALTER TABLE "activity" DROP CONSTRAINT "activity_pkey", ADD CONSTRAINT "activity_pkey" PRIMARY KEY ("assessment_id", "id");
ALTER TABLE "blind_spot" DROP CONSTRAINT "blind_spot_pkey", ADD CONSTRAINT "blind_spot_pkey" PRIMARY KEY ("assessment_id", "id");

ALTER TABLE "host_address" ADD CONSTRAINT "host_address_assessment_id_host_id_fkey"
  FOREIGN KEY ("assessment_id", "host_id") REFERENCES "host"("assessment_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "host_address_doubt" ADD CONSTRAINT "host_address_doubt_assessment_id_host_id_fkey"
  FOREIGN KEY ("assessment_id", "host_id") REFERENCES "host"("assessment_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "host_fact" ADD CONSTRAINT "host_fact_assessment_id_source_file_id_fkey"
  FOREIGN KEY ("assessment_id", "source_file_id") REFERENCES "source_file"("assessment_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Two indexes on the assessment id alone are now the leading column of their table's key.
DROP INDEX "blind_spot_assessment_id_idx";
DROP INDEX "host_fact_assessment_id_idx";

-- Not used by any statement of the analysis or the pages (bench/index-usage.ts, results in
-- bench/results/index-usage.json: 0 scans while every other index of flow and log_event is
-- used): a host's events in time order are read through (host_name, pid, ts) or the rollups.
DROP INDEX "log_event_host_name_ts_idx";
