// C2 and tunnels over DNS seen in the names a client asks for (Zeek dns.log, Suricata EVE `dns`
// events: the `dns_query` records). Data rides in the query names, so a tunnelling client asks for
// a new name under one registered domain every time. Per internal client and registered domain
// (eTLD+1), as RITA scores C2 over DNS (activecm/rita `default_config.hjson`,
// `c2_score_thresholds`, docs/ANCHORS.md#rita-dns):
// * unique subdomains ≥ `minSubdomains` (RITA's lowest band, 100), the score rising at RITA's
//   500 / 800 / 1,000 bands;
// * and the names carry data: TXT/NULL queries (the records iodine and dnscat2 use for their
//   downstream) make at least `minTxtShare` of them, or the mean name is at least
//   `minQueryLength` characters (the long-query cut-off of public DNS-tunnel hunts,
//   docs/ANCHORS.md#dns-tunnel-flows);
// * and the subdomain labels look encoded: mean Shannon entropy ≥ `minEntropy` bits per character.
// Reverse (PTR, *.arpa) and multicast (mDNS, port 5353) lookups are never counted: a host that
// resolves many addresses is not tunnelling. Many hostnames under one company domain with
// ordinary names stay quiet (short, A/AAAA).
// The activity belongs to the client and names the resolver as its peer (its path); a host that
// answers other internal hosts' queries is a resolver, never a client here, and its forwarded
// queries for the same domain name the upstream name server. Same host, peer and technique as
// the flow-based dns-tunnel detector, so the two merge into one activity (lib/correlate).
import { stageOfTactic } from '../../stages';
import { defineDetector } from '../insert-detections';
import { isInternal } from '../sql';

/** Evidence ids a detection names at most (the first in time order): the drill-down pages them. */
const MAX_EVIDENCE_IDS = 5000;

export const dnsTunnelNames = defineDetector({
  id: 'network.dns-tunnel-names',
  title: 'DNS tunnel (query names)',
  source: 'network',
  // Reads only the stored records (not the shared passes): beside the others (lib/pipeline/detect-beside.ts).
  runsOn: 'beside',
  stage: stageOfTactic('command-and-control'),
  techniques: ['T1071.004', 'T1572'],
  description:
    'An internal client asks (through its resolver) for at least the minimum number of unique subdomains of one registered domain, scored in RITA’s bands, whose names carry data (TXT/NULL queries or long names) and look encoded (high character entropy); PTR and mDNS lookups are never counted. T1572 when the names are long enough to carry bulk data.',
  thresholds: {
    minSubdomains: {
      label: 'Unique subdomains of one domain',
      default: 100,
      min: 1,
      anchor: 'RITA c2_score_thresholds (activecm/rita default_config.hjson): 100 unique subdomains is the lowest band (docs/ANCHORS.md#rita-dns)',
    },
    mediumSubdomains: {
      label: 'Subdomains for a medium score',
      default: 500,
      min: 1,
      anchor: 'RITA c2_score_thresholds: 500 (docs/ANCHORS.md#rita-dns)',
    },
    highSubdomains: {
      label: 'Subdomains for a high score',
      default: 800,
      min: 1,
      anchor: 'RITA c2_score_thresholds: 800 (docs/ANCHORS.md#rita-dns)',
    },
    criticalSubdomains: {
      label: 'Subdomains for a critical score',
      default: 1000,
      min: 1,
      anchor: 'RITA c2_score_thresholds: 1,000 (docs/ANCHORS.md#rita-dns)',
    },
    minTxtShare: {
      label: 'TXT/NULL share of the queries',
      default: 0.5,
      min: 0,
      max: 1,
      anchor: 'iodine and dnscat2 carry their downstream in NULL/TXT answers; ordinary clients ask for A/AAAA (docs/ANCHORS.md#dns-tunnel-names)',
    },
    minQueryLength: {
      label: 'Mean query name length',
      default: 50,
      unit: 'characters',
      min: 1,
      anchor: 'the long-query cut-off of public DNS-tunnel hunts: 50 characters (docs/ANCHORS.md#dns-tunnel-flows)',
    },
    minEntropy: {
      label: 'Mean entropy of the subdomain labels',
      default: 3,
      unit: 'bits/char',
      min: 0,
      max: 8,
      anchor: 'hex carries 4 bits a character, base32 5; hostnames a person chose repeat letters (docs/ANCHORS.md#dns-tunnel-names)',
    },
  },
  technique: `CASE WHEN x.mean_len >= $5 THEN 'T1572' ELSE 'T1071.004' END`,
  select: `WITH q AS (
         SELECT d.id, d.ts, d.client_ip, d.resolver_ip, d.query, d.registered_domain AS dom, d.qtype
         FROM dns_query d
         WHERE d.assessment_id = $1 AND d.registered_domain IS NOT NULL AND d.registered_domain NOT LIKE '%.arpa'
           AND d.qtype IS DISTINCT FROM 'PTR' AND d.resolver_port IS DISTINCT FROM 5353 AND d.client_port IS DISTINCT FROM 5353
           AND d.client_ip <> d.resolver_ip
       ), resolvers AS (
         -- Hosts that answer other internal hosts' queries: their own queries out are forwarded ones.
         SELECT DISTINCT resolver_ip AS ip FROM q WHERE ${isInternal('resolver_ip', 2)} AND ${isInternal('client_ip', 2)}
       ), per AS (
         SELECT client_ip AS host, dom, count(DISTINCT query) FILTER (WHERE query <> dom) AS subs, count(*) AS n,
                avg(length(query))::float8 AS mean_len,
                (count(*) FILTER (WHERE qtype IN ('TXT', 'NULL')))::float8 / count(*) AS txt_share,
                mode() WITHIN GROUP (ORDER BY resolver_ip) AS resolver, count(DISTINCT resolver_ip) AS resolvers_n,
                min(ts) AS s, max(ts) AS e, (array_agg(id ORDER BY ts, id))[1:${MAX_EVIDENCE_IDS}] AS ids
         FROM q
         WHERE ${isInternal('client_ip', 2)} AND client_ip NOT IN (SELECT ip FROM resolvers)
         GROUP BY client_ip, dom
         HAVING count(DISTINCT query) FILTER (WHERE query <> dom) >= $3
       ), cand AS (
         SELECT * FROM per WHERE txt_share >= $4 OR mean_len >= $5
       ), ent AS (
         -- Shannon entropy of each distinct subdomain part (dots left out), averaged.
         SELECT c.host, c.dom, avg(h.bits)::float8 AS entropy
         FROM cand c
         JOIN LATERAL (SELECT DISTINCT replace(left(q.query, length(q.query) - length(c.dom) - 1), '.', '') AS sub
                       FROM q WHERE q.client_ip = c.host AND q.dom = c.dom AND q.query <> c.dom) s ON s.sub <> ''
         CROSS JOIN LATERAL (
           SELECT -sum(p * ln(p) / ln(2)) AS bits
           FROM (SELECT count(*)::float8 / length(s.sub) AS p FROM unnest(string_to_array(s.sub, NULL)) AS ch GROUP BY ch) t
         ) h
         GROUP BY c.host, c.dom
       ), hit AS (
         SELECT DISTINCT ON (c.host) c.*, ent.entropy
         FROM cand c JOIN ent USING (host, dom)
         WHERE ent.entropy >= $6
         ORDER BY c.host, c.subs DESC, c.dom
       ), up AS (
         -- The resolver's own queries for the same domain to a server outside: where it forwarded them.
         SELECT h.host, mode() WITHIN GROUP (ORDER BY r.resolver_ip) AS upstream, count(*) AS un
         FROM hit h JOIN q r ON r.client_ip = h.resolver AND r.dom = h.dom AND NOT ${isInternal('r.resolver_ip', 2)}
           AND r.ts BETWEEN h.s - interval '2 seconds' AND h.e + interval '2 seconds'
         WHERE ${isInternal('h.resolver', 2)}
         GROUP BY h.host
       )
       SELECT h.host, h.resolver AS peer, h.s AS start_ts, h.e AS end_ts, h.mean_len,
              CASE WHEN h.subs >= $9 THEN 0.95 WHEN h.subs >= $8 THEN 0.9 WHEN h.subs >= $7 THEN 0.8 ELSE 0.7 END::float8 AS score,
              format('%s asked %s for %s distinct names under %s (%s queries, mean %s characters, %s%% TXT/NULL, %s bits per character) in %s s — RITA band %s%s%s',
                     host(h.host), CASE WHEN ${isInternal('h.resolver', 2)} THEN 'resolver ' || host(h.resolver) ELSE host(h.resolver) END,
                     h.subs, h.dom, h.n, round(h.mean_len::numeric), round((100 * h.txt_share)::numeric), round(h.entropy::numeric, 1),
                     round(extract(epoch FROM h.e - h.s)),
                     CASE WHEN h.subs >= $9 THEN $9::int WHEN h.subs >= $8 THEN $8::int WHEN h.subs >= $7 THEN $7::int ELSE $3::int END,
                     CASE WHEN h.resolvers_n > 1 THEN format(' (and %s other servers)', h.resolvers_n - 1) ELSE '' END,
                     CASE WHEN up.upstream IS NOT NULL THEN format('; forwarded by %s to %s:53 (%s queries)', host(h.resolver), host(up.upstream), up.un) ELSE '' END) AS summary,
              h.ids AS evidence_ids
       FROM hit h LEFT JOIN up ON up.host = h.host`,
  params: ({ t, internalRanges }) => [
    internalRanges,
    t.minSubdomains,
    t.minTxtShare,
    t.minQueryLength,
    t.minEntropy,
    t.mediumSubdomains,
    t.highSubdomains,
    t.criticalSubdomains,
  ],
});
