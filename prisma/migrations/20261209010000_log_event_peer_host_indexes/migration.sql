-- Correlation's log-evidence probe asks for one host's events that name a peer inside a window
-- (lib/correlate/correlate.ts). Led by the address alone, the partial indexes made it read every
-- host's events naming that peer (~680 other hosts' for a busy internal peer on a 250-host week)
-- and filter on the host; led by (address, host_name) they read only the host's. A query naming
-- only the address still uses them (leading column). Built on every partition, and on each
-- upload's partition after its load like the others (lib/ingest/partitions.ts reads the parent's
-- definitions).
DROP INDEX IF EXISTS "log_event_src_ip_ts_idx";
DROP INDEX IF EXISTS "log_event_dst_ip_ts_idx";
CREATE INDEX "log_event_src_ip_host_name_ts_idx" ON "log_event"("src_ip", "host_name", "ts") WHERE "src_ip" IS NOT NULL;
CREATE INDEX "log_event_dst_ip_host_name_ts_idx" ON "log_event"("dst_ip", "host_name", "ts") WHERE "dst_ip" IS NOT NULL;
