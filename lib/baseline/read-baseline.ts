// One entry for every expected-baseline file: a JSON object is an ATT&CK Navigator layer, anything
// else is read as a DeTT&CT administration file (YAML). Same limits and errors for both.
import { type ExpectedDataSource, readDettectYaml } from './read-dettect-yaml';
import { type ExpectedTechnique, readNavigatorLayer } from './read-navigator-layer';

export type BaselineFormat = 'navigator-layer' | 'dettect-techniques' | 'dettect-data-sources';

export interface ExpectedBaseline {
  format: BaselineFormat;
  /** Expected visibility per technique (none for a data-source file, which scores sources, not techniques). */
  techniques: ExpectedTechnique[];
  dataSources: ExpectedDataSource[];
}

export function readBaseline(text: string): ExpectedBaseline {
  if (text.trimStart().startsWith('{')) return { format: 'navigator-layer', techniques: readNavigatorLayer(text), dataSources: [] };
  const file = readDettectYaml(text);
  return file.kind === 'techniques'
    ? { format: 'dettect-techniques', techniques: file.techniques, dataSources: [] }
    : { format: 'dettect-data-sources', techniques: [], dataSources: file.dataSources };
}
