-- CreateIndex
CREATE INDEX "log_event_assessment_id_host_name_pid_ts_idx" ON "log_event"("assessment_id", "host_name", "pid", "ts");
