-- CreateIndex
CREATE INDEX "activity_evidence_activity_id_idx" ON "activity_evidence"("activity_id");
