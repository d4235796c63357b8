import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../../test/kits/temp-dirs';
import { at, syslogTime, writeTarGz } from '../../test/make-data';
import { addLocalUpload, createAssessment } from '../assessments/service';
import { closeDb } from '../db/client';
import { runAnalyze, runIngest } from '../pipeline';
import { getHosts } from '../queries/get-hosts';
import { hostAddress, hostFromCollectorFolder, identityListing, parseIdentityListing } from './bundle-identity';

afterAll(closeDb);
const tempDir = tempDirs();

const IP_ADDR_SHOW = `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
    inet6 ::1/128 scope host noprefixroute
       valid_lft forever preferred_lft forever
2: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 6a:1f:0e:2b:9c:41 brd ff:ff:ff:ff:ff:ff link-netnsid 0
    inet 10.20.30.10/24 brd 10.20.30.255 scope global eth0
       valid_lft forever preferred_lft forever
    inet6 2001:db8:20::10/64 scope global
       valid_lft forever preferred_lft forever
    inet6 fe80::681f:eff:fe2b:9c41/64 scope link
       valid_lft forever preferred_lft forever
`;

const IP_O_ADDR = `1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
2: ens3    inet 192.168.122.14/24 brd 192.168.122.255 scope global dynamic noprefixroute ens3\\       valid_lft 3311sec preferred_lft 3311sec
2: ens3    inet6 fe80::5054:ff:fe3a:1b2c/64 scope link noprefixroute \\       valid_lft forever preferred_lft forever
`;

const IFCONFIG = `eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500
        inet 10.40.0.10  netmask 255.255.255.0  broadcast 10.40.0.255
        inet6 fe80::1c2e:5ff:fe11:2233  prefixlen 64  scopeid 0x20<link>
        ether 1e:2e:05:11:22:33  txqueuelen 1000  (Ethernet)

lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536
        inet 127.0.0.1  netmask 255.0.0.0
        inet6 ::1  prefixlen 128  scopeid 0x10<host>
`;

const IFCONFIG_OLD = `eth1      Link encap:Ethernet  HWaddr 00:16:3e:00:00:01
          inet addr:172.16.5.4  Bcast:172.16.5.255  Mask:255.255.255.0
          inet6 addr: fe80::216:3eff:fe00:1/64 Scope:Link
`;

const SS_ANP = `Netid State  Recv-Q Send-Q                     Local Address:Port    Peer Address:Port Process
u_str ESTAB  0      0                  /run/systemd/journal/stdout 21930               * 21929 users:(("systemd-journal",pid=120,fd=40))
udp   UNCONN 0      0                        127.0.0.53%lo:53           0.0.0.0:*     users:(("systemd-resolve",pid=300,fd=13))
tcp   LISTEN 0      128                            0.0.0.0:22           0.0.0.0:*     users:(("sshd",pid=811,fd=3))
tcp   ESTAB  0      0                          10.20.30.10:22       10.20.30.30:51514 users:(("sshd",pid=9120,fd=4))
tcp   ESTAB  0      0               [::ffff:10.20.30.10]:9100 [::ffff:10.20.30.20]:40112 users:(("node_exporter",pid=700,fd=7))
tcp   LISTEN 0      128                               [::]:22              [::]:*     users:(("sshd",pid=811,fd=4))
`;

const SS_PEAONMI = `Netid State  Recv-Q Send-Q Local Address:Port  Peer Address:Port Process
tcp   ESTAB  0      0        192.168.122.14:22  192.168.122.1:40220 users:(("sshd",pid=1500,fd=4)) timer:(keepalive,119min,0) ino:31337 sk:1 <->
\t skmem:(r0,rb131072,t0,tb87040,f0,w0,o0,bl0,d0) ts sack cubic wscale:7,7 rto:201 rtt:0.2/0.1 mss:1448
`;

const NETSTAT = `Active Internet connections (servers and established)
Proto Recv-Q Send-Q Local Address           Foreign Address         State       User       Inode      PID/Program name     Timer
tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      0          16321      811/sshd             off (0.00/0/0)
tcp        0     36 10.0.0.7:22             203.0.113.9:50123       ESTABLISHED 0          40122      1500/sshd: root      on (0.20/0/0)
tcp6       0      0 :::22                   :::*                    LISTEN      0          16323      811/sshd             off (0.00/0/0)
`;

describe('which bundle files are listings', () => {
  it.each([
    ['web01/etc/hostname', 'hostname'],
    ['uac-web01-linux-20260307140000/live_response/network/hostname.txt', 'hostname'],
    ['uac-web01-linux-20260307140000/live_response/network/hostnamectl.txt', 'hostnamectl'],
    ['uac-web01-linux-20260307140000/live_response/network/ip_addr_show.txt', 'ip addr'],
    ['uac-web01-linux-20260307140000/live_response/network/ifconfig_-a.txt', 'ifconfig'],
    ['uac-web01-linux-20260307140000/live_response/network/ss_-anp.txt', 'ss'],
    ['uac-web01-linux-20260307140000/live_response/network/hostname_-I.txt', 'hostname -I'],
    ['sosreport-db01-2026-03-07-abcdefg/sos_commands/networking/ip_-o_addr', 'ip addr'],
    ['sosreport-db01-2026-03-07-abcdefg/sos_commands/networking/ss_-peaonmi', 'ss'],
    ['sosreport-db01-2026-03-07-abcdefg/sos_commands/networking/netstat_-W_-neopa', 'netstat'],
    ['sosreport-db01-2026-03-07-abcdefg/sos_commands/host/hostname', 'hostname'],
    ['sosreport-db01-2026-03-07-abcdefg/ip_addr', 'ip addr'],
  ])('%s is %s', (p, kind) => expect(identityListing(p)).toBe(kind));

  it.each([
    'web01/var/log/auth.log',
    'web01/var/log/hostname', // a log folder's file is a log, whatever its name
    'sosreport-db01-2026-03-07-abcdefg/sos_commands/networking/netstat_-s',
    'web01/etc/hosts',
    'web01/etc/hostname.bak',
  ])('%s is not one', (p) => expect(identityListing(p)).toBeUndefined());
});

describe('what each listing states', () => {
  const values = (kind: Parameters<typeof parseIdentityListing>[0], text: string) => parseIdentityListing(kind, text).map((f) => `${f.kind} ${f.value}`);

  it('ip addr (UAC ip addr show, sosreport ip -o addr): global addresses, not loopback or link-local', () => {
    expect(values('ip addr', IP_ADDR_SHOW)).toEqual(['address 10.20.30.10', 'address 2001:db8:20::10']);
    expect(values('ip addr', IP_O_ADDR)).toEqual(['address 192.168.122.14']);
    expect(parseIdentityListing('ip addr', IP_ADDR_SHOW)[0]).toMatchObject({ line: 9, raw: 'inet 10.20.30.10/24 brd 10.20.30.255 scope global eth0' });
  });

  it('ifconfig, new and old net-tools layouts', () => {
    expect(values('ifconfig', IFCONFIG)).toEqual(['address 10.40.0.10']);
    expect(values('ifconfig', IFCONFIG_OLD)).toEqual(['address 172.16.5.4']);
  });

  it('ss and netstat: the local side of sockets, never the peer, a wildcard, loopback or a unix path', () => {
    expect(values('ss', SS_ANP)).toEqual(['address 10.20.30.10']);
    expect(values('ss', SS_PEAONMI)).toEqual(['address 192.168.122.14']);
    expect(values('netstat', NETSTAT)).toEqual(['address 10.0.0.7']);
  });

  it('hostname, hostnamectl and hostname -I', () => {
    expect(values('hostname', 'web01.shop.example\n')).toEqual(['name web01']);
    expect(values('hostname', 'localhost\n')).toEqual([]);
    expect(values('hostname', 'not a name!\n')).toEqual([]);
    expect(values('hostnamectl', ' Static hostname: db01\n       Icon name: computer-vm\n')).toEqual(['name db01']);
    expect(values('hostname -I', '10.0.0.5 172.17.0.1 2001:db8::5 \n')).toEqual(['address 10.0.0.5', 'address 172.17.0.1', 'address 2001:db8::5']);
  });

  it('drops addresses that never identify a host', () => {
    for (const t of ['127.0.0.1', '0.0.0.0', '169.254.1.1', '224.0.0.1', '::', '::1', 'fe80::1', 'ff02::1', '*', 'eth0'])
      expect(hostAddress(t)).toBeUndefined();
    expect(hostAddress('[::ffff:10.0.0.5]')).toBe('10.0.0.5');
    expect(hostAddress('10.0.0.5%eth0')).toBe('10.0.0.5');
  });

  it('names the host of a collector folder', () => {
    expect(hostFromCollectorFolder('uac-web-01-linux-20260307140000')).toBe('web-01');
    expect(hostFromCollectorFolder('sosreport-db01-2026-03-07-abcdefg')).toBe('db01');
    expect(hostFromCollectorFolder('sosreport-db01-case42-2026-03-07-abcdefg')).toBe('db01');
    expect(hostFromCollectorFolder('web01')).toBeUndefined();
  });
});

describe('a bundle read by the pipeline', () => {
  it('names each folder host from its own files and maps the addresses they list, with file and line', async () => {
    const dir = tempDir('bundle-identity-');
    const bundle = path.join(dir, 'bundle.tar.gz');
    const uac = 'uac-web01-linux-20260307140000';
    await writeTarGz(bundle, [
      // UAC: the host's logs carry its short name, the folder a collector's name.
      { name: `${uac}/[root]/var/log/auth.log`, body: `${syslogTime(at(0))} web01 sshd[100]: Accepted publickey for ops from 203.0.113.9 port 50000 ssh2\n` },
      { name: `${uac}/live_response/network/ip_addr_show.txt`, body: IP_ADDR_SHOW },
      { name: `${uac}/live_response/network/ss_-anp.txt`, body: SS_ANP },
      // A plain host folder: /etc/hostname names it (the folder is "node7").
      { name: 'node7/etc/hostname', body: 'db01\n' },
      { name: 'node7/ip_addr', body: IP_O_ADDR },
      { name: 'node7/var/log/syslog', body: `${syslogTime(at(5))} db01 CRON[200]: (root) CMD (true)\n` },
    ]);
    const id = await createAssessment({ name: 'bundle identity' });
    await runIngest(await addLocalUpload({ assessmentId: id, kind: 'logs', file: bundle }));
    await runAnalyze(id);
    const hosts = await getHosts(id);
    const byName = Object.fromEntries(hosts.map((h) => [h.name, h]));
    expect(Object.keys(byName).sort()).toEqual(['db01', 'web01']);
    expect(byName.web01?.nameBasis).toBe("log header (syslog-rfc3164), the collector's folder name");
    expect(byName.web01?.addresses?.map((a) => [a.ip, a.source, a.basis])).toEqual([
      ['10.20.30.10', 'logs', 'the bundle lists it: ip addr, ss'],
      ['2001:db8:20::10', 'logs', 'the bundle lists it: ip addr'],
    ]);
    expect(byName.web01?.addresses?.[0]?.examples).toEqual([
      { file: `bundle.tar.gz:${uac}/live_response/network/ip_addr_show.txt`, line: 9, text: 'inet 10.20.30.10/24 brd 10.20.30.255 scope global eth0' },
      { file: `bundle.tar.gz:${uac}/live_response/network/ss_-anp.txt`, line: 5, text: expect.stringMatching(/^tcp\s+ESTAB .* 10\.20\.30\.10:22 /) },
    ]);
    expect(byName.db01?.nameBasis).toMatch(/^log header \(syslog-rfc3164\), \/etc\/hostname in the bundle$/);
    expect(byName.db01?.nameExamples).toContainEqual({ file: 'bundle.tar.gz:node7/etc/hostname', line: 1, text: 'db01' });
    expect(byName.db01?.ips).toEqual(['192.168.122.14']);
  });
});
