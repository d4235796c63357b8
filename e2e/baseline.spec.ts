// The expected baseline: a Navigator layer uploaded by a real browser beside the measured
// visibility; a broken layer refused with its line; the DeTT&CT export uploaded back (every
// measured technique as believed), a broken DeTT&CT file refused with its line, a data-source file listed. Also the verdicts and advice sections.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { cliJson, generatedFiles, screenshot, sectionScreenshot, waitForReady } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-e2e-baseline-'));
test.afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const layerFile = path.join(tmp, 'we-believe.json');
fs.writeFileSync(
  layerFile,
  JSON.stringify(
    {
      name: 'what we believe',
      versions: { layer: '4.5' },
      techniques: [
        { techniqueID: 'T1595.002', score: 4 },
        { techniqueID: 'T1021.001', score: 3, comment: 'RDP gateway logs' },
      ],
    },
    null,
    2,
  ),
);
const badYaml = path.join(tmp, 'broken.yaml');
fs.writeFileSync(
  badYaml,
  'version: 1.2\nfile_type: technique-administration\ntechniques:\n- technique_id: T1595.002\n  visibility:\n    applicable_to: [all]\n    score_logbook:\n    - date: 2026-01-01\n      score: high\n',
);
const dataSourcesYaml = path.join(tmp, 'data-sources.yaml');
fs.writeFileSync(
  dataSourcesYaml,
  [
    'version: 1.0',
    'file_type: data-source-administration',
    'name: our sources',
    'data_sources:',
    '- data_source_name: Netflow/Enclave netflow',
    '  products: [nfdump]',
    '  available_for_data_analytics: true',
    '  data_quality: {device_completeness: 2, data_field_completeness: 3, timeliness: 3, consistency: 3, retention: 2}',
    '',
  ].join('\n'),
);
const badFile = path.join(tmp, 'broken.json');
fs.writeFileSync(badFile, '{\n  "versions": {"layer": "4.5"},\n  "techniques": [\n    {"techniqueID": "T1595.002", "score": "high"}\n  ]\n}\n');

test('upload a Navigator layer as the expected baseline and see it beside the measured visibility', async ({ page }) => {
  const f = generatedFiles();
  const doc = cliJson([
    '--logs',
    f.logs,
    ...f.flows.flatMap((x) => ['--flows', x]),
    '--inventory',
    f.inventory,
    '--name',
    `Baseline ${Date.now()}`,
    '--baseline',
    layerFile,
  ]) as unknown as {
    assessmentId: string;
    baseline: { technique: string; expected: number | null; measured: number; reason: string }[];
    verdicts: { stage: string; verdict: string }[];
    advice: { change: string; activitiesGained: number; activityIds: string[] }[];
  };
  expect(doc.baseline.find((r) => r.technique === 'T1021.001')).toMatchObject({ expected: 3, measured: 0 });
  expect(doc.verdicts).toHaveLength(7);

  await page.goto(`/assessments/${doc.assessmentId}`);
  await waitForReady(page);
  await expect(page.getByTestId('stage-verdicts').getByRole('row')).toHaveCount(8);
  for (const [heading, name] of [
    ['The right tool per stage, on this data', 'verdicts'],
    ['Advice that closes gaps, counted on this data', 'advice'],
  ] as const) {
    await sectionScreenshot(page.locator('section', { has: page.getByRole('heading', { name: heading }) }), name);
  }

  await page.getByRole('link', { name: 'Expected baseline' }).click();
  const form = page.getByRole('form', { name: 'Baseline upload' });
  await form.locator('input[type=file]').setInputFiles(badFile);
  await form.getByRole('button', { name: 'Compare with measured' }).click();
  await expect(page.getByTestId('baseline-error')).toHaveText(/^line 4: techniques\.0\.score: /);
  await expect(page.getByTestId('baseline-table')).toHaveCount(0);

  await form.locator('input[type=file]').setInputFiles(layerFile);
  await form.getByRole('button', { name: 'Compare with measured' }).click();
  const row = page.getByTestId('baseline-table').getByRole('row').filter({ hasText: 'T1021.001' });
  await expect(row).toContainText('you score visibility 3; measured 0');
  await expect(page.getByTestId('baseline-table').getByRole('row').filter({ hasText: 'T1595.002' })).toContainText('you score visibility 4');
  await screenshot(page, 'baseline');

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: /DeTT&CT technique administration file/ }).click();
  const file = await (await download).path();
  const yaml = fs.readFileSync(file, 'utf8');
  expect(yaml).toMatch(/^version: 1\.2\nfile_type: technique-administration\n/);
  const t1595 = doc.baseline.find((r) => r.technique === 'T1595.002');
  expect(yaml).toContain(`- technique_id: T1595.002\n`);
  expect(yaml.split('- technique_id: T1595.002\n')[1]?.split('- technique_id:')[0]).toContain(`      score: ${t1595?.measured}\n`);

  // The export read back as a baseline: every measured technique is scored exactly as measured.
  const yamlFile = path.join(tmp, 'measured.yaml');
  fs.writeFileSync(yamlFile, yaml);
  await form.locator('input[type=file]').setInputFiles(yamlFile);
  await form.getByRole('button', { name: 'Compare with measured' }).click();
  await expect(page.getByTestId('baseline-table').getByRole('row').filter({ hasText: 'T1595.002' })).toContainText(
    `you score visibility ${t1595?.measured}; measured ${t1595?.measured}`,
  );
  await expect(page.getByTestId('baseline-table').getByRole('row').filter({ hasText: 'believed, not seen' })).toHaveCount(0);

  await form.locator('input[type=file]').setInputFiles(badYaml);
  await form.getByRole('button', { name: 'Compare with measured' }).click();
  await expect(page.getByTestId('baseline-error')).toHaveText(/^line 9: techniques\.0\.visibility\.0\.score_logbook\.0\.score: /);
  await expect(page.getByTestId('baseline-table')).toHaveCount(0);

  await form.locator('input[type=file]').setInputFiles(dataSourcesYaml);
  await form.getByRole('button', { name: 'Compare with measured' }).click();
  await expect(page.getByTestId('baseline-data-sources').getByRole('row').filter({ hasText: 'Netflow/Enclave netflow' })).toContainText('yes2.6nfdump');
  await expect(page.getByTestId('baseline-table').getByRole('row').filter({ hasText: 'T1595.002' })).toContainText('not in your baseline');
});
