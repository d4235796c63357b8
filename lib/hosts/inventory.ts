// Inventory CSV: `hostname,ip[,role]` (a header line is optional). Bad rows are reported
// with their line, never thrown.
import net from 'node:net';
import type { ParseIssue } from '../records/issue';

export interface InventoryRow {
  line: number;
  hostname: string;
  ip: string;
  role?: string;
}

export function parseInventory(text: string): { rows: InventoryRow[]; invalid: ParseIssue[] } {
  const rows: InventoryRow[] = [];
  const invalid: ParseIssue[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const text = raw.trim();
    if (!text || text.startsWith('#')) return;
    const cells = text.split(/[,;\t]/).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    const [hostname = '', ip = '', role] = cells;
    if (line === 1 && /^(host(name)?|name)$/i.test(hostname)) return;
    if (!hostname || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/.test(hostname)) {
      invalid.push({ line, reason: `not a host name: "${hostname.slice(0, 60)}"` });
      return;
    }
    if (net.isIP(ip) === 0) {
      invalid.push({ line, reason: `not an IP address: "${ip.slice(0, 60)}"` });
      return;
    }
    rows.push({ line, hostname, ip, role: role || undefined });
  });
  return { rows, invalid };
}

/** Sniffs an inventory: most non-empty lines of the head are `name,ip[,role]`. */
export function looksLikeInventory(head: Buffer): boolean {
  const lines = head
    .toString('utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .slice(0, 20);
  if (lines.length === 0) return false;
  const ok = lines.filter((l, i) => {
    const [h = '', ip = ''] = l.split(/[,;\t]/).map((c) => c.trim());
    return (i === 0 && /^(host(name)?|name)$/i.test(h)) || net.isIP(ip) !== 0;
  }).length;
  return ok / lines.length >= 0.8;
}
