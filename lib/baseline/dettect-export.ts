// The measured result as a DeTT&CT technique administration file (file_type
// technique-administration, version 1.2 — the version DeTT&CT and its editor write), with each
// technique's measured visibility in its score_logbook, so DeTT&CT can draw it as a layer or
// compare it with the team's own file. Written by hand: a fixed shape, every string quoted.
import type { TechniqueVisibility } from '../queries/get-technique-visibility';

export const DETTECT_TECHNIQUES_VERSION = '1.2';

/** A YAML single-quoted scalar: only the quote itself needs escaping; line breaks are flattened. */
function quoted(s: string): string {
  const flat = Array.from(s, (c) => ((c.codePointAt(0) ?? 0) < 32 || c === '\u007f' ? ' ' : c)).join('');
  return `'${flat.replace(/'/g, "''")}'`;
}

export function buildDettectVisibilityYaml(input: { name: string; date: Date; techniques: TechniqueVisibility[] }): string {
  const date = input.date.toISOString().slice(0, 10);
  const out = [
    `version: ${DETTECT_TECHNIQUES_VERSION}`,
    'file_type: technique-administration',
    `name: ${quoted(input.name)}`,
    'domain: enterprise-attack',
    'platform: [Linux, Network]',
    'techniques:',
  ];
  for (const t of input.techniques) {
    if (!/^T\d{4}(\.\d{3})?$/.test(t.technique)) continue; // DeTT&CT accepts ATT&CK ids only
    const net = t.networkOnly + t.both;
    const logs = t.logsOnly + t.both;
    out.push(
      `- technique_id: ${t.technique}`,
      "  technique_name: ''",
      '  detection:',
      '  - applicable_to: [all]',
      '    location: []',
      "    comment: ''",
      '    score_logbook:',
      '    - date:',
      '      score: -1',
      "      comment: ''",
      '  visibility:',
      '  - applicable_to: [all]',
      `    comment: ${quoted(`Measured by Sightline: ${t.activities} activities, network saw ${net}, logs saw ${logs}`)}`,
      '    score_logbook:',
      `    - date: ${date}`,
      `      score: ${t.visibility}`,
      `      comment: ${quoted(`Sightline assessment “${input.name}”`)}`,
      '      auto_generated: true',
    );
  }
  if (out.at(-1) === 'techniques:') out[out.length - 1] = 'techniques: []';
  return `${out.join('\n')}\n`;
}
