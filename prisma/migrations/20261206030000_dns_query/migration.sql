-- DNS queries seen by a network sensor (Zeek dns.log, Suricata EVE dns events), one row per
-- query with its answer folded in. Partitioned like flow and log_event (lib/ingest/partitions.ts):
-- an upload's rows load into a table of their own, indexed after the load, attached to the
-- assessment's partition and dropped with it.
--
-- The id is drawn from flow's sequence: flows and DNS queries are both the network's records,
-- and evidence (activity_evidence source 'network', detection.evidence_ids of a network
-- detector) names either by id without a second column saying which table it is in.
CREATE TABLE "dns_query" (
  "id" BIGINT NOT NULL DEFAULT nextval('flow_id_seq'),
  "assessment_id" UUID NOT NULL,
  "source_file_id" UUID NOT NULL,
  "line_no" INTEGER NOT NULL,
  "ts" TIMESTAMPTZ(3) NOT NULL,
  "client_ip" INET NOT NULL,
  "client_port" INTEGER,
  "resolver_ip" INET NOT NULL,
  "resolver_port" INTEGER,
  "query" TEXT NOT NULL,
  "registered_domain" TEXT,
  "qtype" TEXT,
  "rcode" TEXT,
  "answers" INTEGER,
  "answer_ips" INET[]
) PARTITION BY LIST ("assessment_id");
ALTER TABLE "dns_query" ADD CONSTRAINT "dns_query_pkey" PRIMARY KEY ("assessment_id", "id");
CREATE INDEX "dns_query_client_ip_ts_idx" ON "dns_query"("client_ip", "ts");

-- An assessment's partitions of flow, log_event and dns_query (idempotent).
CREATE OR REPLACE FUNCTION "sightline_record_partitions"(a uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE t text; name text;
BEGIN
  FOREACH t IN ARRAY ARRAY['flow', 'log_event', 'dns_query'] LOOP
    name := t || '_a_' || replace(a::text, '-', '');
    CONTINUE WHEN to_regclass(name) IS NOT NULL;
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (id)', name, t);
    PERFORM "sightline_index_like_parent"(t::regclass, name);
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name || '_d', t);
    PERFORM "sightline_index_like_parent"(t::regclass, name || '_d');
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I DEFAULT', name, name || '_d');
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES IN (%L)', t, name, a);
  END LOOP;
END $$;

SELECT "sightline_record_partitions"("id") FROM "assessment";
