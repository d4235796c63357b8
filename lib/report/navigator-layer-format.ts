// The ATT&CK Navigator layer file format 4.5 (mitre-attack/attack-navigator,
// layers/spec/v4.5/layerformat.md), as a zod schema: the builder's output type is derived
// from it and the tests validate generated layers against it.
import { z } from 'zod';

const ZColor = z.string().regex(/^#[0-9a-fA-F]{6}$/);
const ZMetadata = z.array(z.union([z.object({ name: z.string(), value: z.string() }), z.object({ divider: z.boolean() })]));
const ZLinks = z.array(z.union([z.object({ label: z.string(), url: z.string() }), z.object({ divider: z.boolean() })]));

export const ZNavigatorTechnique = z.strictObject({
  techniqueID: z.string().regex(/^T\d{4}(\.\d{3})?$/),
  tactic: z.string().optional(),
  score: z.number().optional(),
  color: z.union([ZColor, z.literal('')]),
  comment: z.string(),
  enabled: z.boolean(),
  metadata: ZMetadata,
  links: ZLinks,
  showSubtechniques: z.boolean().optional(),
});

export const ZNavigatorLayer = z.strictObject({
  name: z.string().min(1),
  versions: z.strictObject({
    attack: z.string().regex(/^\d+(\.\d+)?$/),
    navigator: z.string().regex(/^\d+\.\d+(\.\d+)?$/),
    layer: z.literal('4.5'),
  }),
  domain: z.enum(['enterprise-attack', 'mobile-attack', 'ics-attack']),
  description: z.string().optional(),
  filters: z.strictObject({ platforms: z.array(z.string()) }).optional(),
  sorting: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional(),
  layout: z
    .strictObject({
      layout: z.enum(['side', 'flat', 'mini']),
      aggregateFunction: z.enum(['average', 'min', 'max', 'sum']),
      showID: z.boolean(),
      showName: z.boolean(),
      showAggregateScores: z.boolean(),
      countUnscored: z.boolean(),
      expandedSubtechniques: z.enum(['none', 'annotated', 'all']),
    })
    .optional(),
  hideDisabled: z.boolean().optional(),
  techniques: z.array(ZNavigatorTechnique),
  gradient: z.strictObject({ colors: z.array(ZColor).min(2), minValue: z.number(), maxValue: z.number() }),
  legendItems: z.array(z.strictObject({ label: z.string(), color: ZColor })),
  showTacticRowBackground: z.boolean().optional(),
  tacticRowBackground: ZColor.optional(),
  selectTechniquesAcrossTactics: z.boolean().optional(),
  selectSubtechniquesWithParent: z.boolean().optional(),
  selectVisibleTechniques: z.boolean().optional(),
  metadata: ZMetadata.optional(),
  links: ZLinks.optional(),
});

export type NavigatorLayer = z.infer<typeof ZNavigatorLayer>;
export type NavigatorTechnique = z.infer<typeof ZNavigatorTechnique>;
