-- flow and log_event are partitioned twice (lib/ingest/partitions.ts):
--
--   flow                         LIST (assessment_id), no default partition
--   └─ flow_a_<assessment>       RANGE (id), DEFAULT flow_a_<assessment>_d
--      └─ flow_u_<upload>        one upload's rows, loaded with no index, indexed after the load
--
-- An assessment's partitions are created by a trigger when its row is inserted, whoever inserts
-- it, so every row always has a partition and attaching one never needs a lock on a partition
-- other queries read (a DEFAULT partition on flow would: attaching next to it takes an ACCESS
-- EXCLUSIVE lock on it, and readers that lock flow's and log_event's defaults in either order
-- deadlock with two such attaches).
--
-- Inside a partition every row has the same assessment_id, so the secondary indexes no longer
-- lead with it; the primary keys include it, as partitioned tables (and Citus, docs/SCALE.md)
-- require. The foreign keys to assessment go: a partition is detached and dropped with its
-- assessment (lib/assessments/delete.ts), and a per-row foreign-key check cost ~15 % of a load.

-- The parent's primary key and indexes, created on a new partition (attaching then adopts them).
CREATE FUNCTION "sightline_index_like_parent"(parent regclass, part text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  FOR r IN SELECT i.indisprimary AS is_primary, pg_get_indexdef(i.indexrelid) AS def,
                  (SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype = 'p') AS pk
           FROM pg_index i WHERE i.indrelid = parent ORDER BY i.indisprimary DESC, i.indexrelid
  LOOP
    IF r.is_primary AND r.pk IS NOT NULL THEN
      EXECUTE format('ALTER TABLE %I ADD %s', part, r.pk);
    ELSE
      -- "CREATE [UNIQUE] INDEX name ON ONLY public.flow USING btree (…) [WHERE …]" → unnamed, on the partition.
      EXECUTE regexp_replace(r.def, '^CREATE (UNIQUE )?INDEX \S+ ON (ONLY )?\S+ ', format('CREATE \1INDEX ON %I ', part));
    END IF;
  END LOOP;
END $$;

-- An assessment's partitions of flow and log_event (idempotent).
CREATE FUNCTION "sightline_record_partitions"(a uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE t text; name text;
BEGIN
  FOREACH t IN ARRAY ARRAY['flow', 'log_event'] LOOP
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

CREATE FUNCTION "sightline_assessment_partitions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "sightline_record_partitions"(NEW.id);
  RETURN NULL;
END $$;

-- flow
ALTER TABLE "flow" DROP CONSTRAINT "flow_assessment_id_fkey";
ALTER TABLE "flow" RENAME TO "flow_before_partitioning";
ALTER TABLE "flow_before_partitioning" DROP CONSTRAINT "flow_pkey";
CREATE TABLE "flow" (LIKE "flow_before_partitioning" INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY LIST ("assessment_id");
ALTER SEQUENCE "flow_id_seq" OWNED BY "flow"."id";
ALTER TABLE "flow" ADD CONSTRAINT "flow_pkey" PRIMARY KEY ("assessment_id", "id");
CREATE INDEX "flow_src_ip_start_ts_idx" ON "flow"("src_ip", "start_ts");
CREATE INDEX "flow_dst_ip_start_ts_idx" ON "flow"("dst_ip", "start_ts");

-- log_event
ALTER TABLE "log_event" DROP CONSTRAINT "log_event_assessment_id_fkey";
ALTER TABLE "log_event" RENAME TO "log_event_before_partitioning";
ALTER TABLE "log_event_before_partitioning" DROP CONSTRAINT "log_event_pkey";
CREATE TABLE "log_event" (LIKE "log_event_before_partitioning" INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY LIST ("assessment_id");
ALTER SEQUENCE "log_event_id_seq" OWNED BY "log_event"."id";
ALTER TABLE "log_event" ADD CONSTRAINT "log_event_pkey" PRIMARY KEY ("assessment_id", "id");
CREATE INDEX "log_event_host_name_ts_idx" ON "log_event"("host_name", "ts");
CREATE INDEX "log_event_kind_ts_idx" ON "log_event"("kind", "ts");
CREATE INDEX "log_event_host_name_pid_ts_idx" ON "log_event"("host_name", "pid", "ts");
CREATE INDEX "log_event_src_ip_ts_idx" ON "log_event"("src_ip", "ts") WHERE "src_ip" IS NOT NULL;
CREATE INDEX "log_event_dst_ip_ts_idx" ON "log_event"("dst_ip", "ts") WHERE "dst_ip" IS NOT NULL;

-- Every assessment, existing or new, gets its partitions; existing rows move into them.
CREATE TRIGGER "assessment_record_partitions" AFTER INSERT ON "assessment" FOR EACH ROW EXECUTE FUNCTION "sightline_assessment_partitions"();
SELECT "sightline_record_partitions"("id") FROM "assessment";
INSERT INTO "flow" SELECT * FROM "flow_before_partitioning";
INSERT INTO "log_event" SELECT * FROM "log_event_before_partitioning";
DROP TABLE "flow_before_partitioning";
DROP TABLE "log_event_before_partitioning";
