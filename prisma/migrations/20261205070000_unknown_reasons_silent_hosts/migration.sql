-- Issue 14 §3/§5, issue 22 §9. A source that cannot be tied to an activity's host (no log ever
-- came from that host; the host has no address a flow carries) is `unknown` for it: neither
-- evidence nor blind. Each activity says in one line per source why it is marked so. Silent
-- hosts are ranked by the activities they take part in.
ALTER TABLE "activity" DROP CONSTRAINT "activity_network_check";
ALTER TABLE "activity" DROP CONSTRAINT "activity_logs_check";
ALTER TABLE "activity" ADD CONSTRAINT "activity_network_check" CHECK ("network" IN ('detected', 'evidence', 'blind', 'unknown'));
ALTER TABLE "activity" ADD CONSTRAINT "activity_logs_check" CHECK ("logs" IN ('detected', 'evidence', 'blind', 'unknown'));
ALTER TABLE "activity" ADD COLUMN "network_reason" TEXT NOT NULL DEFAULT '';
ALTER TABLE "activity" ADD COLUMN "logs_reason" TEXT NOT NULL DEFAULT '';

-- Which sources saw an activity (lib/visibility-class.ts `activityClassOf`): a source saw it
-- when it detected it or holds evidence; when the other source is `unknown` the class is
-- `unknown` (its silence says nothing), never network-only or logs-only.
CREATE OR REPLACE FUNCTION visibility_class(network TEXT, logs TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN network IN ('detected', 'evidence') AND logs IN ('detected', 'evidence') THEN 'both'
              WHEN network = 'unknown' OR logs = 'unknown' THEN 'unknown'
              WHEN network IN ('detected', 'evidence') THEN 'network-only'
              WHEN logs IN ('detected', 'evidence') THEN 'logs-only'
              ELSE 'none' END
$$;

-- host_without_logs entries: how many activities the address takes part in (as host or peer),
-- whether one of them is the first of the chain, and its flows; the list is ranked by these.
ALTER TABLE "blind_spot" ADD COLUMN "activities" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "blind_spot" ADD COLUMN "flows" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "blind_spot" ADD COLUMN "first_of_chain" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "blind_spot" ADD COLUMN "rank" INTEGER;
