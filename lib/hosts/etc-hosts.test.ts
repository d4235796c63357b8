import { describe, expect, it } from 'vitest';
import { looksLikeEtcHosts, parseEtcHosts } from './etc-hosts';

const DEBIAN = `127.0.0.1\tlocalhost
127.0.1.1\tweb01.corp.example web01
10.20.1.10 web01.corp.example web01   # the host itself
10.20.2.10 db01
::1     localhost ip6-localhost ip6-loopback
ff02::1 ip6-allnodes
bad line here
`;

describe('/etc/hosts', () => {
  it('maps names to addresses, preferring the short name logs use, skipping loopback and boilerplate', () => {
    const { entries, invalid } = parseEtcHosts(DEBIAN);
    expect(entries).toEqual([
      { line: 3, ip: '10.20.1.10', name: 'web01' },
      { line: 4, ip: '10.20.2.10', name: 'db01' },
    ]);
    expect(invalid).toEqual([{ line: 7, reason: 'not an "address name [aliases]" line: "bad line here"' }]);
  });
  it('is recognised by content, and syslog is not', () => {
    expect(looksLikeEtcHosts(Buffer.from('127.0.0.1 localhost\n10.0.0.5 web01\n'))).toBe(true);
    expect(looksLikeEtcHosts(Buffer.from('Mar  7 14:02:11 web01 sshd[812]: Accepted password\n'))).toBe(false);
  });
});
