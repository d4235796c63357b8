// `/etc/hosts` inside a log bundle tells which names the hosts give their addresses. Loopback,
// link-local, multicast and the Debian `ip6-*` boilerplate say nothing about the network.
import net from 'node:net';
import type { ParseIssue } from '../records/issue';

export interface HostsEntry {
  line: number;
  ip: string;
  /** The name logs most likely use: the first alias without dots, else the first name. */
  name: string;
}

const USELESS = /^(127\.|0\.0\.0\.0$|::1$|fe80:|ff0|::$|169\.254\.|224\.|255\.)/i;

export function parseEtcHosts(text: string): { entries: HostsEntry[]; invalid: ParseIssue[] } {
  const entries: HostsEntry[] = [];
  const invalid: ParseIssue[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const body = raw.replace(/#.*/, '').trim();
    if (!body) return;
    const [ip = '', ...names] = body.split(/\s+/);
    if (net.isIP(ip) === 0 || names.length === 0) {
      invalid.push({ line: i + 1, reason: `not an "address name [aliases]" line: "${body.slice(0, 60)}"` });
      return;
    }
    if (USELESS.test(ip)) return;
    const usable = names.filter((n) => /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/.test(n) && !/^(localhost|ip6-)/i.test(n));
    const name = usable.find((n) => !n.includes('.')) ?? usable[0];
    if (name) entries.push({ line: i + 1, ip, name });
  });
  return { entries, invalid };
}

/** Content check: most meaningful lines are `address name…`, and the file is small. */
export function looksLikeEtcHosts(head: Buffer): boolean {
  if (head.length > 1024 * 1024) return false;
  const lines = head
    .toString('utf8')
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean)
    .slice(0, 50);
  if (lines.length === 0) return false;
  const ok = lines.filter((l) => {
    const [ip = '', name] = l.split(/\s+/);
    return net.isIP(ip) !== 0 && name !== undefined;
  }).length;
  return ok / lines.length >= 0.9;
}
