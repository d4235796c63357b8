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

-- What a log bundle's own files state about its host, read at ingest: its name (/etc/hostname,
-- a collector's `hostname` output) and its addresses (`ip addr`, `ifconfig`, `hostname -I`, the
-- local side of `ss`/`netstat` sockets). `folder` is the bundle folder the file was in; the
-- analysis names the folder's host from its name facts and maps the address facts to it.
CREATE TABLE "host_fact" (
    "id" BIGSERIAL NOT NULL,
    "assessment_id" UUID NOT NULL,
    "source_file_id" UUID NOT NULL,
    "line_no" INTEGER NOT NULL,
    "folder" TEXT,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "basis" TEXT NOT NULL,
    "raw" TEXT NOT NULL,

    CONSTRAINT "host_fact_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "host_fact_assessment_id_idx" ON "host_fact"("assessment_id");
ALTER TABLE "host_fact" ADD CONSTRAINT "host_fact_assessment_id_fkey"
  FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "host_fact" ADD CONSTRAINT "host_fact_source_file_id_fkey"
  FOREIGN KEY ("source_file_id") REFERENCES "source_file"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "host_fact" ADD CONSTRAINT "host_fact_kind_check" CHECK ("kind" IN ('name', 'address'));
