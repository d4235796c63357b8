-- Rules written once (issue 18 item 4). The two functions are the SQL image of lib/severity.ts
-- and lib/visibility-class.ts; lib/severity.test.ts and lib/visibility-class.test.ts prove they
-- agree. Both are IMMUTABLE single-expression SQL functions, which the planner inlines: a
-- query that calls them costs what the CASE written inline cost.

-- Severity from a 0–1 score (lib/severity.ts SEVERITY_BANDS).
CREATE FUNCTION severity_of(score DOUBLE PRECISION) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN score >= 0.95 THEN 'critical' WHEN score >= 0.9 THEN 'high' WHEN score >= 0.7 THEN 'medium' ELSE 'low' END
$$;

-- Which sources saw an activity (lib/visibility-class.ts): a source saw it unless it is 'blind'.
CREATE FUNCTION visibility_class(network TEXT, logs TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN network <> 'blind' AND logs <> 'blind' THEN 'both'
              WHEN network <> 'blind' THEN 'network-only'
              WHEN logs <> 'blind' THEN 'logs-only'
              ELSE 'none' END
$$;

-- Closed value sets (lib/enums.ts CHECKED_COLUMNS; the `// a | b` comments of schema.prisma).
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_status_check"
  CHECK ("status" IN ('pending', 'ingesting', 'analyzing', 'ready', 'failed', 'cancelling'));
ALTER TABLE "upload" ADD CONSTRAINT "upload_kind_check" CHECK ("kind" IN ('logs', 'flows', 'inventory'));
ALTER TABLE "upload" ADD CONSTRAINT "upload_status_check" CHECK ("status" IN ('queued', 'ingesting', 'done', 'failed'));
ALTER TABLE "source_file" ADD CONSTRAINT "source_file_kind_check" CHECK ("kind" IN ('logs', 'flows', 'inventory'));
ALTER TABLE "host" ADD CONSTRAINT "host_source_check" CHECK ("source" IN ('inventory', 'hosts-file', 'logs', 'folder', 'manual'));
ALTER TABLE "host_address" ADD CONSTRAINT "host_address_source_check"
  CHECK ("source" IN ('inventory', 'hosts-file', 'logs', 'folder', 'manual'));
ALTER TABLE "detection" ADD CONSTRAINT "detection_source_check" CHECK ("source" IN ('network', 'logs'));
ALTER TABLE "detection" ADD CONSTRAINT "detection_stage_check"
  CHECK ("stage" IN ('recon', 'weaponization', 'delivery', 'exploitation', 'installation', 'c2', 'actions'));
ALTER TABLE "detection" ADD CONSTRAINT "detection_severity_check" CHECK ("severity" IN ('low', 'medium', 'high', 'critical'));
ALTER TABLE "activity" ADD CONSTRAINT "activity_stage_check"
  CHECK ("stage" IN ('recon', 'weaponization', 'delivery', 'exploitation', 'installation', 'c2', 'actions'));
ALTER TABLE "activity" ADD CONSTRAINT "activity_network_check" CHECK ("network" IN ('detected', 'evidence', 'blind'));
ALTER TABLE "activity" ADD CONSTRAINT "activity_logs_check" CHECK ("logs" IN ('detected', 'evidence', 'blind'));
ALTER TABLE "activity" ADD CONSTRAINT "activity_severity_check" CHECK ("severity" IN ('low', 'medium', 'high', 'critical'));
ALTER TABLE "activity_evidence" ADD CONSTRAINT "activity_evidence_source_check" CHECK ("source" IN ('network', 'logs'));
ALTER TABLE "blind_spot" ADD CONSTRAINT "blind_spot_kind_check"
  CHECK ("kind" IN ('host_without_logs', 'host_without_flows', 'log_gap', 'flow_gap', 'audit_rules_missing'));
ALTER TABLE "blind_spot" ADD CONSTRAINT "blind_spot_source_check" CHECK ("source" IN ('network', 'logs'));
ALTER TABLE "login_attempt" ADD CONSTRAINT "login_attempt_scope_check" CHECK ("scope" IN ('login', 'share'));
