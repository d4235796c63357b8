import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import { SNIFF_BYTES } from '../format';
import { allFormats } from '../registry';
import { sniffFormat } from '../sniff';
import { parseAccessLine, webAccessFormat, webAccessJsonFormat } from './web-access';
import { webErrorFormat } from './web-error';

const PUBLIC = path.join(__dirname, '../../../test/fixtures/public/web');
const read = (f: string) => fs.readFileSync(path.join(PUBLIC, f));
const sniffed = (buf: Buffer) => sniffFormat(buf.subarray(0, SNIFF_BYTES), allFormats).format?.id;
const ctx = (p: string) => ({ path: `alpha/var/log/${p}`, timeZone: 'UTC', hostHint: 'alpha' });

// Lines of the webshop recording's alpha/var/log/nginx/access.log: a Prometheus poll, then Nmap NSE and Nuclei.
const RECORDED = `10.20.30.20 - - [04/Dec/2026:20:00:49 +0000] "GET /healthz HTTP/1.1" 200 3 "-" "Prometheus/2.45.0"
203.0.113.66 - - [04/Dec/2026:20:01:36 +0000] "HEAD / HTTP/1.1" 200 0 "-" "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)"
203.0.113.66 - - [04/Dec/2026:20:01:36 +0000] "GET /.env HTTP/1.1" 404 153 "-" "Mozilla/5.0 (compatible; Nuclei - Open-source project)"
`;

describe('web server access logs', () => {
  it('reads the recorded nginx lines: client, method, path, status, bytes, user agent; host from the folder', () => {
    const buf = Buffer.from(RECORDED);
    expect(sniffed(buf)).toBe('web-access');
    const r = parseWithSplits(() => webAccessFormat.createParser(ctx('nginx/access.log')), buf);
    expect(r.invalid).toEqual([]);
    expect(r.records.map((x) => [x.kind, x.hostName, x.hostFrom, x.program, x.srcIp, x.result, x.paths])).toEqual([
      ['http_request', 'alpha', 'bundle-folder', 'nginx', '10.20.30.20', '200', ['/healthz']],
      ['http_request', 'alpha', 'bundle-folder', 'nginx', '203.0.113.66', '200', ['/']],
      ['http_request', 'alpha', 'bundle-folder', 'nginx', '203.0.113.66', '404', ['/.env']],
    ]);
    expect(r.records[2]?.argv).toEqual(['GET', '/.env', '404', '153', 'Mozilla/5.0 (compatible; Nuclei - Open-source project)', '']);
    expect(r.records[0]?.tsMs).toBe(Date.UTC(2026, 11, 4, 20, 0, 49));
  });

  it("reads Filebeat's nginx sample: proxies before the client, an empty request", () => {
    const buf = read('beats-nginx-access.log');
    expect(sniffed(buf)).toBe('web-access');
    const r = parseWithSplits(() => webAccessFormat.createParser(ctx('nginx/access.log')), buf);
    expect(r.invalid).toEqual([]);
    expect(r.records.map((x) => x.srcIp)).toEqual(['127.0.0.1', '172.17.0.1', '85.181.35.98', '85.181.35.98', '10.2.1.185', '10.2.2.121', '127.0.0.1']);
    expect(r.records[0]?.tsMs).toBe(Date.UTC(2016, 11, 7, 10, 5, 7));
    expect(r.records[6]?.argv).toEqual(['', '', '400', '0', '', '']);
  });

  it("reads Filebeat's Apache sample: common lines, `-` sizes, a host name as client, vhost prefix", () => {
    const buf = read('beats-apache-access.log');
    expect(sniffed(buf)).toBe('web-access');
    const r = parseWithSplits(() => webAccessFormat.createParser(ctx('apache2/access.log')), buf);
    expect(r.invalid).toEqual([]);
    expect(r.records.map((x) => [x.srcIp, x.result])).toEqual([
      ['::1', '404'],
      ['192.168.33.1', '404'],
      ['::1', '408'],
      ['172.17.0.1', '404'],
      [undefined, '200'],
      ['127.0.0.1', '408'],
      ['123.123.123.123', '200'],
    ]);
    expect(r.records[0]?.program).toBe('apache');
  });

  it('a damaged line is a located problem; the others are read', () => {
    const lines = RECORDED.split('\n');
    const text = `${lines[0]}\n203.0.113.66 - - [04/Dec/2026:20:01 +0000] "GET / HTTP/1.1" 200 1\n${lines[1]}\n10.0.0.1 - - [04/Dec/2026:20:01:36 +0000] "GET / HTTP/1.1" 2000 1\n`;
    const r = parseAll(webAccessFormat.createParser(ctx('nginx/access.log')), Buffer.from(text));
    expect(r.records).toHaveLength(2);
    expect(r.invalid.map((i) => [i.line, i.reason.split(':')[0]])).toEqual([
      [2, 'no access log time ([dd/Mon/yyyy'],
      [4, 'no 3-digit status after the request'],
    ]);
  });

  it('escaped quotes in the request and user agent', () => {
    const r = parseAccessLine('198.51.100.7 - bob [04/Dec/2026:20:01:36 +0000] "GET /?q=\\"x\\x22 HTTP/1.1" 200 5 "-" "sqlmap/1.7 (\\"x\\")"');
    expect(r).toMatchObject({ user: 'bob', path: '/?q="x"', userAgent: 'sqlmap/1.7 ("x")' });
  });

  it('JSON lines (nginx escape=json)', () => {
    const text = `{"time_iso8601":"2026-12-04T20:01:36+00:00","remote_addr":"203.0.113.66","request":"GET /.env HTTP/1.1","status":"404","body_bytes_sent":"153","http_user_agent":"Nuclei","http_referer":""}
{"time_local":"04/Dec/2026:20:01:37 +0000","remote_addr":"203.0.113.66","request_method":"POST","request_uri":"/login","status":200,"body_bytes_sent":10}
{"remote_addr":"203.0.113.66","status":"404"}
`;
    const buf = Buffer.from(text);
    expect(sniffed(buf)).toBe('web-access-json');
    const r = parseWithSplits(() => webAccessJsonFormat.createParser(ctx('nginx/access.json')), buf);
    expect(r.records.map((x) => x.argv)).toEqual([
      ['GET', '/.env', '404', '153', 'Nuclei', ''],
      ['POST', '/login', '200', '10', '', ''],
    ]);
    expect(r.invalid.map((i) => i.line)).toEqual([3]);
  });

  it('syslog and other formats are not web access logs', () => {
    expect(webAccessFormat.sniff(Buffer.from('Mar  7 14:02:11 web01 sshd[812]: Accepted password for bob from 10.0.0.1 port 1 ssh2\n'))).toBe(0);
    expect(webAccessJsonFormat.sniff(Buffer.from('{"ts":1591367999.305988,"uid":"C5bLoe2Mvxqhawzqqd","id.orig_h":"192.168.4.76"}\n'))).toBe(0);
  });
});

describe('web server error logs', () => {
  it('nginx (recorded and Filebeat): client and request; a multi-line FastCGI message is one record', () => {
    const rec =
      '2026/12/04 20:01:36 [error] 8310#8310: *9 open() "/var/www/html/.env" failed (2: No such file or directory), client: 203.0.113.66, server: shop.lab.test, request: "GET /.env HTTP/1.1", host: "10.20.30.10"\n';
    expect(sniffed(Buffer.from(rec))).toBe('web-error');
    const one = parseAll(webErrorFormat.createParser(ctx('nginx/error.log')), Buffer.from(rec)).records[0];
    expect(one).toMatchObject({ kind: 'http_error', hostName: 'alpha', srcIp: '203.0.113.66', paths: ['/.env'], result: 'error', pid: 8310 });
    const buf = read('beats-nginx-error.log');
    expect(sniffed(buf)).toBe('web-error');
    const r = parseWithSplits(() => webErrorFormat.createParser(ctx('nginx/error.log')), buf);
    expect(r.invalid).toEqual([]);
    expect(r.records.map((x) => x.lineNo)).toEqual([1, 2, 3, 6]);
    expect(r.records[2]?.raw.split('\n')).toHaveLength(3);
  });

  it('Apache 2.2 and 2.4 (Filebeat)', () => {
    const buf = read('beats-apache-error.log');
    expect(sniffed(buf)).toBe('web-error');
    const r = parseWithSplits(() => webErrorFormat.createParser({ path: 'apache2/error.log', timeZone: 'UTC' }), buf);
    expect(r.invalid).toEqual([]);
    expect(r.records.map((x) => [x.result, x.srcIp, x.pid])).toEqual([
      ['error', '192.168.33.1', undefined],
      ['notice', undefined, 11379],
      ['error', '72.15.99.187', 35708],
    ]);
    expect(r.records[0]?.tsMs).toBe(Date.UTC(2016, 11, 26, 16, 22, 8));
  });

  it('a damaged entry line is a located problem', () => {
    const text = '2026/12/04 20:01:36 [error] 1#1: *1 x, client: 10.0.0.1\n2026/12/04 25:01:36 [error] 1#1: x\n';
    const r = parseAll(webErrorFormat.createParser(ctx('nginx/error.log')), Buffer.from(text));
    expect(r.records).toHaveLength(1);
    expect(r.invalid.map((i) => i.line)).toEqual([2]);
  });
});
