-- Each address's ten busiest peers (flows, bytes, first five services), counted by the analysis in
-- the same pass as its distinct peers (lib/records/rollups.ts buildAddressPeers): the address
-- page's peer list read one row instead of every flow of the address (385 ms for the busiest
-- address of 10 M flows, bench/README.md). NULL in rows counted before this migration: the page
-- counts from the flows until the next analysis.
ALTER TABLE "flow_address_peers" ADD COLUMN "top" JSONB;
