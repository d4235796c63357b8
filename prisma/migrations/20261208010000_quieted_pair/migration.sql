-- Pairs a detector quieted as routine (issue 22 §6–7): network.lateral-movement drops a
-- (source, destination, service) pair that repeats at the same time of day or logs in as a
-- service account; each such pair is kept here with its reason in words, so the overview can say
-- what was quieted and why. Derived like detection: each analysis rebuilds the assessment's rows,
-- and they go with their assessment.
CREATE TABLE "quieted_pair" (
    "id" BIGSERIAL NOT NULL,
    "assessment_id" UUID NOT NULL,
    "detector" TEXT NOT NULL,
    "src_ip" INET NOT NULL,
    "dst_ip" INET NOT NULL,
    "dst_port" INTEGER NOT NULL,
    "sessions" INTEGER NOT NULL,
    "first_ts" TIMESTAMPTZ(3) NOT NULL,
    "last_ts" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "quieted_pair_pkey" PRIMARY KEY ("assessment_id", "id")
);
ALTER TABLE "quieted_pair" ADD CONSTRAINT "quieted_pair_assessment_id_fkey"
  FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
