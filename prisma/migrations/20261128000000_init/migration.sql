-- CreateTable
CREATE TABLE "assessment" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "stage" TEXT,
    "error" TEXT,
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "settings" JSONB NOT NULL DEFAULT '{}',
    "attack_version" TEXT NOT NULL DEFAULT '18.1',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "analyzed_at" TIMESTAMPTZ(3),

    CONSTRAINT "assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "upload" (
    "id" UUID NOT NULL,
    "assessment_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "original_name" TEXT NOT NULL,
    "stored_path" TEXT NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "bytes_read" BIGINT NOT NULL DEFAULT 0,
    "records" BIGINT NOT NULL DEFAULT 0,
    "error_count" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "upload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "source_file" (
    "id" UUID NOT NULL,
    "assessment_id" UUID NOT NULL,
    "upload_id" UUID NOT NULL,
    "path" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "format" TEXT,
    "host_hint" TEXT,
    "records" BIGINT NOT NULL DEFAULT 0,
    "error_count" INTEGER NOT NULL DEFAULT 0,
    "skipped" BOOLEAN NOT NULL DEFAULT false,
    "notes" JSONB NOT NULL DEFAULT '[]',
    "first_ts" TIMESTAMPTZ(3),
    "last_ts" TIMESTAMPTZ(3),

    CONSTRAINT "source_file_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "parse_error" (
    "id" BIGSERIAL NOT NULL,
    "assessment_id" UUID NOT NULL,
    "upload_id" UUID,
    "path" TEXT NOT NULL,
    "line" INTEGER,
    "offset" BIGINT,
    "reason" TEXT NOT NULL,

    CONSTRAINT "parse_error_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "host" (
    "id" UUID NOT NULL,
    "assessment_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT,
    "source" TEXT NOT NULL,
    "has_logs" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "host_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "host_address" (
    "id" BIGSERIAL NOT NULL,
    "assessment_id" UUID NOT NULL,
    "host_id" UUID NOT NULL,
    "ip" INET NOT NULL,
    "source" TEXT NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "is_shared" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "host_address_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "flow" (
    "id" BIGSERIAL NOT NULL,
    "assessment_id" UUID NOT NULL,
    "source_file_id" UUID NOT NULL,
    "record_no" INTEGER NOT NULL,
    "start_ts" TIMESTAMPTZ(3) NOT NULL,
    "end_ts" TIMESTAMPTZ(3) NOT NULL,
    "src_ip" INET NOT NULL,
    "dst_ip" INET NOT NULL,
    "src_port" INTEGER NOT NULL,
    "dst_port" INTEGER NOT NULL,
    "proto" SMALLINT NOT NULL,
    "packets" BIGINT NOT NULL,
    "bytes" BIGINT NOT NULL,
    "rev_packets" BIGINT,
    "rev_bytes" BIGINT,
    "tcp_flags" SMALLINT,
    "rev_tcp_flags" SMALLINT,
    "exporter" INET,
    "sampling" INTEGER NOT NULL DEFAULT 1,
    "community_id" TEXT,

    CONSTRAINT "flow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "log_event" (
    "id" BIGSERIAL NOT NULL,
    "assessment_id" UUID NOT NULL,
    "source_file_id" UUID NOT NULL,
    "line_no" INTEGER NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "host_name" TEXT,
    "program" TEXT,
    "pid" INTEGER,
    "kind" TEXT NOT NULL,
    "user_name" TEXT,
    "uid" INTEGER,
    "euid" INTEGER,
    "auid" INTEGER,
    "exe" TEXT,
    "argv" TEXT[],
    "cwd" TEXT,
    "paths" TEXT[],
    "src_ip" INET,
    "src_port" INTEGER,
    "dst_ip" INET,
    "dst_port" INTEGER,
    "result" TEXT,
    "raw" TEXT NOT NULL,

    CONSTRAINT "log_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "detection" (
    "id" BIGSERIAL NOT NULL,
    "assessment_id" UUID NOT NULL,
    "detector" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "technique" TEXT NOT NULL,
    "host_name" TEXT,
    "host_ip" INET,
    "peer" INET,
    "start_ts" TIMESTAMPTZ(3) NOT NULL,
    "end_ts" TIMESTAMPTZ(3) NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "severity" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "evidence_ids" BIGINT[],
    "activity_id" BIGINT,

    CONSTRAINT "detection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "activity" (
    "id" BIGSERIAL NOT NULL,
    "assessment_id" UUID NOT NULL,
    "stage" TEXT NOT NULL,
    "technique" TEXT NOT NULL,
    "host_name" TEXT,
    "host_ips" TEXT[],
    "peer" INET,
    "start_ts" TIMESTAMPTZ(3) NOT NULL,
    "end_ts" TIMESTAMPTZ(3) NOT NULL,
    "network" TEXT NOT NULL,
    "logs" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "severity" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "network_records" INTEGER NOT NULL DEFAULT 0,
    "log_records" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "activity_evidence" (
    "assessment_id" UUID NOT NULL,
    "activity_id" BIGINT NOT NULL,
    "source" TEXT NOT NULL,
    "record_id" BIGINT NOT NULL,
    "detected" BOOLEAN NOT NULL,

    CONSTRAINT "activity_evidence_pkey" PRIMARY KEY ("assessment_id","activity_id","source","record_id")
);

-- CreateTable
CREATE TABLE "blind_spot" (
    "id" BIGSERIAL NOT NULL,
    "assessment_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "host_name" TEXT,
    "ip" INET,
    "start_ts" TIMESTAMPTZ(3),
    "end_ts" TIMESTAMPTZ(3),
    "detail" TEXT NOT NULL,

    CONSTRAINT "blind_spot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "upload_assessment_id_idx" ON "upload"("assessment_id");

-- CreateIndex
CREATE INDEX "source_file_assessment_id_upload_id_idx" ON "source_file"("assessment_id", "upload_id");

-- CreateIndex
CREATE INDEX "parse_error_assessment_id_upload_id_idx" ON "parse_error"("assessment_id", "upload_id");

-- CreateIndex
CREATE UNIQUE INDEX "host_assessment_id_name_key" ON "host"("assessment_id", "name");

-- CreateIndex
CREATE INDEX "host_address_assessment_id_ip_idx" ON "host_address"("assessment_id", "ip");

-- CreateIndex
CREATE UNIQUE INDEX "host_address_assessment_id_host_id_ip_key" ON "host_address"("assessment_id", "host_id", "ip");

-- CreateIndex
CREATE INDEX "flow_assessment_id_src_ip_start_ts_idx" ON "flow"("assessment_id", "src_ip", "start_ts");

-- CreateIndex
CREATE INDEX "flow_assessment_id_dst_ip_start_ts_idx" ON "flow"("assessment_id", "dst_ip", "start_ts");

-- CreateIndex
CREATE INDEX "log_event_assessment_id_host_name_ts_idx" ON "log_event"("assessment_id", "host_name", "ts");

-- CreateIndex
CREATE INDEX "log_event_assessment_id_kind_ts_idx" ON "log_event"("assessment_id", "kind", "ts");

-- CreateIndex
CREATE INDEX "detection_assessment_id_stage_start_ts_idx" ON "detection"("assessment_id", "stage", "start_ts");

-- CreateIndex
CREATE INDEX "activity_assessment_id_stage_start_ts_idx" ON "activity"("assessment_id", "stage", "start_ts");

-- CreateIndex
CREATE INDEX "blind_spot_assessment_id_idx" ON "blind_spot"("assessment_id");

-- AddForeignKey
ALTER TABLE "upload" ADD CONSTRAINT "upload_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "source_file" ADD CONSTRAINT "source_file_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "source_file" ADD CONSTRAINT "source_file_upload_id_fkey" FOREIGN KEY ("upload_id") REFERENCES "upload"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "parse_error" ADD CONSTRAINT "parse_error_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "host" ADD CONSTRAINT "host_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "host_address" ADD CONSTRAINT "host_address_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "host_address" ADD CONSTRAINT "host_address_host_id_fkey" FOREIGN KEY ("host_id") REFERENCES "host"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flow" ADD CONSTRAINT "flow_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "log_event" ADD CONSTRAINT "log_event_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "detection" ADD CONSTRAINT "detection_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity" ADD CONSTRAINT "activity_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity_evidence" ADD CONSTRAINT "activity_evidence_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity_evidence" ADD CONSTRAINT "activity_evidence_activity_id_fkey" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "blind_spot" ADD CONSTRAINT "blind_spot_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
