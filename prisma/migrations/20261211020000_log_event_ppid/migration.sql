-- The parent process id of an auditd event (its SYSCALL record's ppid=), stored at ingest. The
-- detectors that look a process's parent up (web-server-exec, webshell-callout) read it from the
-- raw record with a regular expression before: 1.5 s of the 2.2 s the shared log pass took on a
-- 250-host week (143 k exec events). Rows ingested before this column have none: the detectors
-- fall back to the raw record for them (lib/detect/logs/log-events.ts ppidOf).
ALTER TABLE "log_event" ADD COLUMN "ppid" INTEGER;
