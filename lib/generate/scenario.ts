// Public surface of the generator (imported by cli/generate.ts and the demo route).
export { type GenerateOptions, type GenerateResult, type GenerateStats, ZGenerateOptions, generateScenario } from './generate-scenario';
export { generateDemo } from './demo';
export { type Truth, type TruthStep, ZTruth } from './truth';
