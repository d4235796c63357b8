import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from '../../../test/fixtures';
import { SNIFF_BYTES } from '../format';
import { textFlowFormats } from './text-formats';

// Heads of every kind of file an upload may contain. Each must be claimed (score ≥ 0.5, the
// registry's threshold) by exactly the format named, or by none of the text flow formats.
const INLINE: [string, string | null, string][] = [
  [
    'nfdump-csv',
    'nfdump-csv',
    'firstSeen,duration,proto,srcAddr,srcPort,dstAddr,dstPort,packets,bytes,flows\n2024-11-05 10:00:01.250,1.500,6,10.0.0.1,1,10.0.0.2,2,1,40,1\n',
  ],
  ['nfdump csv-fast', 'nfdump-csv', 'cnt,af,firstSeen,lastSeen,proto,srcAddr,srcPort,dstAddr,dstPort,srcAS,dstAS,input,output,flags,srcTos,packets,bytes\n'],
  ['nfdump ndjson', 'nfdump-json', '{"type":"FLOW","first":"2024-05-01T10:00:00.000","src4_addr":"10.0.0.1","dst4_addr":"10.0.0.2"}\n'],
  ['VPC header-less v2', 'vpc-flow', '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n'],
  [
    'RFC 3164 syslog',
    null,
    'Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping checking getaddrinfo for ns.marryaldkfaczcz.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!\n',
  ],
  ['auditd', null, 'type=SYSCALL msg=audit(1610903553.686:584): arch=c000003e syscall=59 success=yes exit=0 a0=55d6 ppid=1 pid=2940 auid=1000 uid=0\n'],
  ['foreign CSV', null, 'time,src,dst,user\n2024-01-01,10.0.0.1,10.0.0.2,bob\n'],
  ['ISO syslog', null, '2019-06-14T10:40:20.912134+01:30 host sshd[1]: Accepted password for root from 10.0.0.1 port 22 ssh2\n'],
  [
    'Zeek dns JSON',
    null,
    '{"ts":1,"uid":"C1","id.orig_h":"10.0.0.1","id.orig_p":1,"id.resp_h":"10.0.0.2","id.resp_p":53,"proto":"udp","query":"example.com"}\n',
  ],
  [
    'Suricata EVE',
    'suricata-eve',
    '{"timestamp":"2018-07-05T15:51:20.213418-0400","flow_id":1,"event_type":"dns","src_ip":"192.168.86.1","src_port":53,"dest_ip":"192.168.86.85","dest_port":39464,"proto":"UDP"}\n',
  ],
  ['empty', null, ''],
  ['binary', null, '\u0000\u0001\u0002\u00d4\u00c3\u00b2\u00a1'],
];

const FIXTURES: [string, string | null][] = [
  ['flows/derived/zeek-sshguess/zeek_sshguess.nfpcapd.nfdump.csv', 'nfdump-csv'],
  ['flows/rita/proxy/conn.log', 'zeek-conn'],
  ['flows/rita/proxy/dns.log', 'zeek-dns'],
  ['flows/rita/proxy/http.log', null],
  ['flows/elastic-beats/zeek/conn.log', 'zeek-conn'],
  ['flows/elastic-beats/aws-vpcflow/accept-reject-traffic.log', 'vpc-flow'],
  ['flows/elastic-beats/aws-vpcflow/tcp-flag-sequence.log', 'vpc-flow'],
  ['flows/elastic-beats/aws-vpcflow/custom-transit-gateway.log', 'vpc-flow'],
  ['flows/derived/zeek-sshguess/zeek_sshguess.softflowd.netflow-v5.pcap', null],
  ['logs/syslog/loghub/OpenSSH/OpenSSH_2k.log', null],
  ['logs/syslog/loghub/Linux/Linux_2k.log', null],
  ['logs/syslog/loghub/OpenSSH/OpenSSH_2k.log_structured.csv', null],
  ['logs/syslog/elastic-beats/system-auth/test.log', null],
  ['logs/auditd/elastic-beats/useradd.log', null],
  ['logs/auditd/elastic-beats/useradd.log-expected.json', null],
  ['paired/otrf-log4shell-jndi/syslog_auoms_auditd_log4shell_cve2021_44228_jndi_reference_2022-05-11181020.json', null],
  ['paired/otrf-log4shell-jndi/vminsights_vmconnection_log4shell_cve2021_44228_jndi_reference_2022-05-11181020.json', null],
];

const claimants = (head: Buffer) => textFlowFormats.filter((f) => f.sniff(head) >= 0.5).map((f) => f.id);

describe('text flow format sniffing', () => {
  it('lists each module once with a unique id', () => {
    expect(textFlowFormats.map((f) => f.id)).toEqual(['nfdump-csv', 'zeek-conn', 'vpc-flow', 'nfdump-json', 'suricata-eve', 'zeek-dns']);
    expect(textFlowFormats.every((f) => f.kind === 'flows')).toBe(true);
  });

  it.each(INLINE)('%s → %s', (_name, expected, text) => {
    expect(claimants(Buffer.from(text, 'latin1'))).toEqual(expected === null ? [] : [expected]);
  });

  it.runIf(hasFixtures).each(FIXTURES)('%s → %s', (file, expected) => {
    const fd = fs.openSync(fixture(file), 'r');
    const head = Buffer.alloc(SNIFF_BYTES);
    const n = fs.readSync(fd, head, 0, SNIFF_BYTES, 0);
    fs.closeSync(fd);
    expect(claimants(head.subarray(0, n))).toEqual(expected === null ? [] : [expected]);
  });
});
