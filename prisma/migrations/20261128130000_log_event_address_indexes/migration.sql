-- CreateIndex
CREATE INDEX "log_event_assessment_id_src_ip_ts_idx" ON "log_event"("assessment_id", "src_ip", "ts") WHERE "src_ip" IS NOT NULL;

-- CreateIndex
CREATE INDEX "log_event_assessment_id_dst_ip_ts_idx" ON "log_event"("assessment_id", "dst_ip", "ts") WHERE "dst_ip" IS NOT NULL;
