import { getPrisma } from '../db/client';
import { getTechniqueVisibility } from '../queries/get-technique-visibility';
import { buildDettectVisibilityYaml } from './dettect-export';

/** The assessment's measured visibility as a DeTT&CT technique administration file. */
export async function getDettectExport(assessmentId: string, now = new Date()): Promise<{ filename: string; yaml: string }> {
  const a = await getPrisma().assessment.findUniqueOrThrow({ where: { id: assessmentId }, select: { name: true } });
  const yaml = buildDettectVisibilityYaml({ name: a.name, date: now, techniques: await getTechniqueVisibility(assessmentId) });
  return { filename: `techniques-administration-sightline-${now.toISOString().slice(0, 10)}.yaml`, yaml };
}
