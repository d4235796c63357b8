-- Correlation writes each activity once: the detections it merges are listed on it, and
-- detection rows are no longer updated afterwards.
ALTER TABLE "detection" DROP COLUMN "activity_id";
ALTER TABLE "activity" ADD COLUMN "detection_ids" BIGINT[];

-- activity_evidence is derived and rebuilt as a whole by correlation, which deletes it itself:
-- no foreign keys (their per-row checks were a third of the correlation time), and no second
-- index (the primary key starts with assessment and activity).
ALTER TABLE "activity_evidence" DROP CONSTRAINT "activity_evidence_assessment_id_fkey";
ALTER TABLE "activity_evidence" DROP CONSTRAINT "activity_evidence_activity_id_fkey";
DROP INDEX "activity_evidence_activity_id_idx";

-- Rollups written at ingest (lib/ingest/rollups.ts), read by the blind-spot step.
CREATE TABLE "flow_address_rollup" (
    "id" BIGSERIAL NOT NULL,
    "assessment_id" UUID NOT NULL,
    "source_file_id" UUID NOT NULL,
    "ip" INET NOT NULL,
    "flows" BIGINT NOT NULL,
    "first_ts" TIMESTAMPTZ(3) NOT NULL,
    "last_ts" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "flow_address_rollup_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "flow_minute_rollup" (
    "id" BIGSERIAL NOT NULL,
    "assessment_id" UUID NOT NULL,
    "source_file_id" UUID NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "flows" BIGINT NOT NULL,
    "first_ts" TIMESTAMPTZ(3) NOT NULL,
    "last_ts" TIMESTAMPTZ(3) NOT NULL,
    "longest_ms" BIGINT NOT NULL,

    CONSTRAINT "flow_minute_rollup_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "log_rollup" (
    "id" BIGSERIAL NOT NULL,
    "assessment_id" UUID NOT NULL,
    "source_file_id" UUID NOT NULL,
    "host_name" TEXT NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "events" INTEGER NOT NULL,
    "execs" INTEGER NOT NULL,
    "first_ts" TIMESTAMPTZ(3) NOT NULL,
    "last_ts" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "log_rollup_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "flow_address_rollup_assessment_id_ip_idx" ON "flow_address_rollup"("assessment_id", "ip");
CREATE INDEX "flow_minute_rollup_assessment_id_minute_idx" ON "flow_minute_rollup"("assessment_id", "minute");
CREATE INDEX "log_rollup_assessment_id_host_name_bucket_idx" ON "log_rollup"("assessment_id", "host_name", "bucket");

ALTER TABLE "flow_address_rollup" ADD CONSTRAINT "flow_address_rollup_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "flow_minute_rollup" ADD CONSTRAINT "flow_minute_rollup_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "log_rollup" ADD CONSTRAINT "log_rollup_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Records stored before this migration get their rollups now (same definitions as the code).
INSERT INTO "flow_address_rollup" ("assessment_id", "source_file_id", "ip", "flows", "first_ts", "last_ts")
SELECT assessment_id, source_file_id, ip, count(*), min(s), max(e) FROM (
  SELECT assessment_id, source_file_id, src_ip AS ip, start_ts AS s, end_ts AS e FROM "flow"
  UNION ALL
  SELECT assessment_id, source_file_id, dst_ip, start_ts, end_ts FROM "flow"
) u GROUP BY assessment_id, source_file_id, ip;

INSERT INTO "flow_minute_rollup" ("assessment_id", "source_file_id", "minute", "flows", "first_ts", "last_ts", "longest_ms")
SELECT assessment_id, source_file_id, date_bin(interval '60 seconds', start_ts, timestamptz 'epoch'), count(*), min(start_ts), max(end_ts),
       (extract(epoch FROM max(end_ts - start_ts)) * 1000)::bigint
FROM "flow" GROUP BY 1, 2, 3;

INSERT INTO "log_rollup" ("assessment_id", "source_file_id", "host_name", "bucket", "events", "execs", "first_ts", "last_ts")
SELECT assessment_id, source_file_id, host_name, date_bin(interval '3600 seconds', ts, timestamptz 'epoch'), count(*),
       count(*) FILTER (WHERE kind = 'exec'), min(ts), max(ts)
FROM "log_event" WHERE host_name IS NOT NULL GROUP BY 1, 2, 3, 4;
