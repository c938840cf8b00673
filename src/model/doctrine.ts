import { z } from 'zod';

const weight = z.number().min(0).max(10);
const affinity = z.number().min(-2).max(2);

/** Kazakhstan's doctrine: how it weighs the utility components, and any standing affinity to a power. */
export const DoctrineSchema = z.strictObject({
  economy: weight.describe('Weight on expected economic gain (inducements net of coercion, grey-trade revenue, transit risk)'),
  security: weight.describe('Weight on lower coercion risk (security exposure)'),
  sovereignty: weight.describe('Weight on not aligning with a power that is coercing Kazakhstan'),
  sanctionsSafety: weight.describe('Weight on lower secondary-sanctions risk'),
  stability: weight.describe('Weight on domestic stability (the public prefers neutrality)'),
  concentration: weight.describe('Penalty on concentrated dependence: the essence of multivectorism'),
  affinity: z
    .strictObject({ RU: affinity, CN: affinity, EU: affinity, US: affinity })
    .describe('Standing preference for aligning with each power (utility per unit of alignment)'),
});
export type Doctrine = z.infer<typeof DoctrineSchema>;

/** The doctrine's weights on the utility components (the affinities aside). */
export const DOCTRINE_WEIGHTS = ['economy', 'security', 'sovereignty', 'sanctionsSafety', 'stability', 'concentration'] as const;

const noAffinity = { RU: 0, CN: 0, EU: 0, US: 0 };

/**
 * Shipped doctrine presets. These are modelling assumptions, not calibrated figures:
 * the balanced preset weighs every component equally; the leaning presets add a
 * standing affinity and relax the concentration penalty and the component that the
 * lean sacrifices. See docs/MODEL.md, "Doctrine presets".
 */
export const DOCTRINE_PRESETS = {
  balanced: { economy: 1, security: 1, sovereignty: 1, sanctionsSafety: 1, stability: 1, concentration: 1, affinity: noAffinity },
  leanRussia: {
    economy: 1, security: 1, sovereignty: 0.5, sanctionsSafety: 0.5, stability: 1, concentration: 0.3,
    affinity: { RU: 0.4, CN: 0, EU: 0, US: 0 },
  },
  leanWest: {
    economy: 1, security: 1, sovereignty: 1, sanctionsSafety: 1.5, stability: 1, concentration: 0.5,
    affinity: { RU: 0, CN: 0, EU: 0.25, US: 0.2 },
  },
  chinaPivot: {
    economy: 1.2, security: 1, sovereignty: 1, sanctionsSafety: 1, stability: 1, concentration: 0.5,
    affinity: { RU: 0, CN: 0.4, EU: 0, US: 0 },
  },
} as const satisfies Record<string, Doctrine>;

export type DoctrinePreset = keyof typeof DOCTRINE_PRESETS;
export const DOCTRINE_PRESET_NAMES = Object.keys(DOCTRINE_PRESETS) as [DoctrinePreset, ...DoctrinePreset[]];
