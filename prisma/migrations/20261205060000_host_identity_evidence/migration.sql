-- Host identity without an inventory (issue 14 item 1): every host says where its name came from,
-- every address where it came from (a statement in the logs or bundle, or co-occurrence with the
-- flows), with example records; addresses the flows suggest but that stay unmapped (ambiguous,
-- shared, too few matches) are kept for a person to decide.
ALTER TABLE "host" ADD COLUMN "name_basis" TEXT;
ALTER TABLE "host" ADD COLUMN "name_examples" JSONB NOT NULL DEFAULT '[]';
ALTER TABLE "host_address" ADD COLUMN "basis" TEXT;
ALTER TABLE "host_address" ADD COLUMN "examples" JSONB NOT NULL DEFAULT '[]';

ALTER TABLE "host_address" DROP CONSTRAINT "host_address_source_check";
ALTER TABLE "host_address" ADD CONSTRAINT "host_address_source_check"
  CHECK ("source" IN ('inventory', 'hosts-file', 'logs', 'folder', 'manual', 'flows'));

CREATE TABLE "host_address_doubt" (
    "id" BIGSERIAL NOT NULL,
    "assessment_id" UUID NOT NULL,
    "host_id" UUID NOT NULL,
    "ip" INET NOT NULL,
    "reason" TEXT NOT NULL,
    "matched" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "examples" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "host_address_doubt_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "host_address_doubt_assessment_id_host_id_idx" ON "host_address_doubt"("assessment_id", "host_id");
ALTER TABLE "host_address_doubt" ADD CONSTRAINT "host_address_doubt_assessment_id_fkey"
  FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "host_address_doubt" ADD CONSTRAINT "host_address_doubt_host_id_fkey"
  FOREIGN KEY ("host_id") REFERENCES "host"("id") ON DELETE CASCADE ON UPDATE CASCADE;
