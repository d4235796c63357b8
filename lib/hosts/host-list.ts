// An inventory CSV or a bundle's /etc/hosts, read during ingest: each row names a host and
// its address (lib/hosts/host-rows.ts saves it, in the ingest's transaction); bad rows are
// located problems, never thrown.
import type pg from 'pg';
import type { ParseIssue } from '../records/issue';
import { parseEtcHosts } from './etc-hosts';
import { type NamedSource, saveHostAddress } from './host-rows';
import { type InventoryRow, parseInventory } from './inventory';

// An inventory is a few thousand lines; refuse to hold anything absurd in memory.
const MAX_LIST_BYTES = 32 * 1024 * 1024;

export async function ingestHostList(
  client: pg.PoolClient,
  o: { assessmentId: string; stream: AsyncIterable<Buffer>; source: Exclude<NamedSource, 'manual'>; onIssue: (issue: ParseIssue) => void },
): Promise<number> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of o.stream) {
    size += c.length;
    if (size > MAX_LIST_BYTES) {
      o.onIssue({ offset: size, reason: 'inventory larger than 32 MiB: rest ignored' });
      break;
    }
    chunks.push(c);
  }
  const { rows, invalid } = parseList(Buffer.concat(chunks).toString('utf8'), o.source);
  for (const i of invalid) o.onIssue(i);
  for (const r of rows) await saveHostAddress(client, o.assessmentId, { name: r.hostname, ip: r.ip, role: r.role, source: o.source });
  return rows.length;
}

function parseList(text: string, source: Exclude<NamedSource, 'manual'>): { rows: InventoryRow[]; invalid: ParseIssue[] } {
  if (source === 'inventory') return parseInventory(text);
  const parsed = parseEtcHosts(text);
  return { rows: parsed.entries.map((e) => ({ line: e.line, hostname: e.name, ip: e.ip })), invalid: parsed.invalid };
}
