-- Network IDS alerts (Suricata EVE `alert` events, issue 23 §3): the sensor's own detections,
-- read by the detector network.ids-alert. Few next to flows, so one plain table, its rows going
-- with their assessment and their source file (clearing an upload clears them).
CREATE TABLE "ids_alert" (
    "id" BIGSERIAL NOT NULL,
    "assessment_id" UUID NOT NULL,
    "source_file_id" UUID NOT NULL,
    "line_no" INTEGER NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "src_ip" INET NOT NULL,
    "dst_ip" INET NOT NULL,
    "src_port" INTEGER NOT NULL,
    "dst_port" INTEGER NOT NULL,
    "proto" SMALLINT NOT NULL,
    "signature" TEXT NOT NULL,
    "signature_id" INTEGER,
    "category" TEXT,
    "severity" SMALLINT,
    "stage" TEXT,
    "technique" TEXT,
    "flow_id" BIGINT,

    CONSTRAINT "ids_alert_pkey" PRIMARY KEY ("assessment_id", "id")
);
CREATE INDEX "ids_alert_assessment_id_ts_idx" ON "ids_alert"("assessment_id", "ts");
ALTER TABLE "ids_alert" ADD CONSTRAINT "ids_alert_assessment_id_fkey"
  FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ids_alert" ADD CONSTRAINT "ids_alert_assessment_id_source_file_id_fkey"
  FOREIGN KEY ("assessment_id", "source_file_id") REFERENCES "source_file"("assessment_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
