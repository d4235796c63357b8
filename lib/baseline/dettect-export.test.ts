import { describe, expect, it } from 'vitest';
import { buildDettectVisibilityYaml } from './dettect-export';

const t = (technique: string, p: { activities: number; networkOnly: number; logsOnly: number; both: number; visibility: number }) => ({
  technique,
  stage: 'c2' as const,
  ...p,
});

describe('buildDettectVisibilityYaml', () => {
  it('writes a technique administration file in the shape of DeTT&CT’s sample-data files', () => {
    const yaml = buildDettectVisibilityYaml({
      name: "O'Brien's lab",
      date: new Date('2026-03-02T10:00:00Z'),
      techniques: [
        t('T1071.001', { activities: 3, networkOnly: 2, logsOnly: 0, both: 1, visibility: 3 }),
        t('not-attack', { activities: 1, networkOnly: 1, logsOnly: 0, both: 0, visibility: 2 }),
      ],
    });
    expect(yaml).toBe(
      [
        'version: 1.2',
        'file_type: technique-administration',
        "name: 'O''Brien''s lab'",
        'domain: enterprise-attack',
        'platform: [Linux, Network]',
        'techniques:',
        '- technique_id: T1071.001',
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
        "    comment: 'Measured by Sightline: 3 activities, network saw 3, logs saw 1'",
        '    score_logbook:',
        '    - date: 2026-03-02',
        '      score: 3',
        "      comment: 'Sightline assessment “O''Brien''s lab”'",
        '      auto_generated: true',
        '',
      ].join('\n'),
    );
  });

  it('keeps hostile names on one quoted line and writes an empty list when nothing was measured', () => {
    const yaml = buildDettectVisibilityYaml({ name: "x'\n- technique_id: T0000\n#", date: new Date('2026-03-02T00:00:00Z'), techniques: [] });
    expect(yaml.split('\n')).toEqual([
      'version: 1.2',
      'file_type: technique-administration',
      "name: 'x'' - technique_id: T0000 #'",
      'domain: enterprise-attack',
      'platform: [Linux, Network]',
      'techniques: []',
      '',
    ]);
  });
});
