// Public surface of the generator (imported by cli/generate.ts and the demo route).

export { type Truth, type TruthStep, ZTruth } from '../eval/truth';
export { generateDemo } from './demo';
export { type GenerateOptions, type GenerateResult, type GenerateStats, generateScenario, ZGenerateOptions } from './generate-scenario';
