import { getPool } from '../db/client';

/** A record that justifies a host's name or address: file, line (or flow record) and its text. */
export interface IdentityExample {
  file: string;
  line: number;
  text: string;
}

export interface HostAddressRow {
  ip: string;
  source: string;
  confidence: number;
  shared: boolean;
  basis: string | null;
  examples: IdentityExample[];
}

/** An address the flows suggest for the host that was not mapped, and why (for a person to decide). */
export interface HostAddressDoubtRow {
  ip: string;
  reason: string;
  matched: number;
  total: number;
  examples: IdentityExample[];
}

export interface HostRow {
  name: string;
  ips: string[];
  role: string | null;
  source: string;
  hasLogs: boolean;
  sharedIps: string[];
  // Optional: reports frozen before these existed hold hosts without them.
  /** Where the name was read (inventory, syslog header, auditd node=, bundle folder …). */
  nameBasis?: string | null;
  nameExamples?: IdentityExample[];
  addresses?: HostAddressRow[];
  doubts?: HostAddressDoubtRow[];
}

export async function getHosts(assessmentId: string): Promise<HostRow[]> {
  const { rows } = await getPool().query(
    `SELECT h.name, h.role, h.source, h.has_logs AS "hasLogs",
            coalesce(h.name_basis, CASE h.source WHEN 'inventory' THEN 'inventory' WHEN 'hosts-file' THEN '/etc/hosts in a bundle'
                                                  WHEN 'manual' THEN 'mapped by hand in Settings' END) AS "nameBasis",
            h.name_examples AS "nameExamples",
            coalesce(array_agg(host(ha.ip) ORDER BY ha.ip) FILTER (WHERE ha.ip IS NOT NULL), '{}') AS ips,
            coalesce(array_agg(host(ha.ip) ORDER BY ha.ip) FILTER (WHERE ha.is_shared), '{}') AS "sharedIps",
            coalesce(jsonb_agg(jsonb_build_object('ip', host(ha.ip), 'source', ha.source, 'confidence', ha.confidence, 'shared', ha.is_shared,
                                                  'basis', ha.basis, 'examples', ha.examples) ORDER BY ha.ip) FILTER (WHERE ha.ip IS NOT NULL), '[]') AS addresses,
            (SELECT coalesce(jsonb_agg(jsonb_build_object('ip', host(d.ip), 'reason', d.reason, 'matched', d.matched, 'total', d.total,
                                                          'examples', d.examples) ORDER BY d.ip), '[]')
             FROM host_address_doubt d WHERE d.host_id = h.id) AS doubts
     FROM host h LEFT JOIN host_address ha ON ha.host_id = h.id
     WHERE h.assessment_id = $1 GROUP BY h.assessment_id, h.id ORDER BY h.name`,
    [assessmentId],
  );
  return rows as HostRow[];
}
