// A generated scenario through the app's own pipeline (create → ingest each file → analyse),
// for the tests that hold Sightline to its ground truth; the CLI's `eval` runs the same steps
// with progress output.
import { addLocalUpload, createAssessment } from '../../lib/assessments/service';
import { readTruth, scenarioInputs } from '../../lib/eval/scenario-files';
import { runAnalyze, runIngest } from '../../lib/pipeline';

export async function analyzeScenario(truthFile: string, name = 'scenario'): Promise<string> {
  const id = await createAssessment({ name });
  for (const i of scenarioInputs(truthFile, readTruth(truthFile))) {
    await runIngest(await addLocalUpload({ assessmentId: id, kind: i.kind, file: i.path }));
  }
  await runAnalyze(id);
  return id;
}
