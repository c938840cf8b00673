import { z } from 'zod';

const weight = z.number().min(0).max(10);
const affinity = z.number().min(-2).max(2);

/** Kazakhstan's doctrine: how it weighs the utility components, and any standing affinity to a power. */
export const DoctrineSchema = z.strictObject({
  economy: weight.describe("Weight on expected output (the model's own accounts: trade, investment, grey margins, programme costs, oil revenue at risk)"),
  security: weight.describe('Weight on lower coercion risk (security exposure)'),
  sovereignty: weight.describe('Weight on not aligning with a power that is coercing Kazakhstan'),
  sanctionsSafety: weight.describe('Weight on lower secondary-sanctions risk'),
  stability: weight.describe('Weight on domestic stability (the public prefers neutrality)'),
  concentration: weight.describe('Penalty on concentrated trade dependence (Herfindahl index of trade turnover by partner)'),
  affinity: z
    .strictObject({ RU: affinity, CN: affinity, EU: affinity, US: affinity })
    .describe('Standing preference for aligning with each power (utility of one engagement action toward it, in the same units as the weighted components)'),
});
export type Doctrine = z.infer<typeof DoctrineSchema>;

/** The doctrine's weights on the utility components (the affinities aside). */
export const DOCTRINE_WEIGHTS = ['economy', 'security', 'sovereignty', 'sanctionsSafety', 'stability', 'concentration'] as const;

const noAffinity = { RU: 0, CN: 0, EU: 0, US: 0 };

/**
 * Shipped doctrine presets. These are modelling assumptions, not calibrated figures:
 * the balanced preset weighs every (normalised) component equally; the leaning presets
 * add a standing affinity worth about one unit of utility per engagement with the
 * favoured power, and relax the concentration penalty and the component that the lean
 * sacrifices. See docs/MODEL.md, "Doctrine presets".
 */
export const DOCTRINE_PRESETS = {
  balanced: { economy: 1, security: 1, sovereignty: 1, sanctionsSafety: 1, stability: 1, concentration: 1, affinity: noAffinity },
  leanRussia: {
    economy: 1, security: 1, sovereignty: 0.5, sanctionsSafety: 0.5, stability: 1, concentration: 0.3,
    affinity: { RU: 1, CN: 0, EU: 0, US: 0 },
  },
  leanWest: {
    economy: 1, security: 1, sovereignty: 1, sanctionsSafety: 1.5, stability: 1, concentration: 0.5,
    affinity: { RU: 0, CN: 0, EU: 1, US: 0.8 },
  },
  chinaPivot: {
    economy: 1.2, security: 1, sovereignty: 1, sanctionsSafety: 1, stability: 1, concentration: 0.5,
    affinity: { RU: 0, CN: 1, EU: 0, US: 0 },
  },
} as const satisfies Record<string, Doctrine>;

export type DoctrinePreset = keyof typeof DOCTRINE_PRESETS;
export const DOCTRINE_PRESET_NAMES = Object.keys(DOCTRINE_PRESETS) as [DoctrinePreset, ...DoctrinePreset[]];
