import { describe, expect, it } from 'vitest';
import { ensembleMean } from './_helpers.js';

// The directional claims the documents support, checked on the mean of several seeds.
// A failure here means the model's mechanics changed, not that a scenario needs tuning.
const seeds = [1, 2, 3, 4, 5, 6];
const base = 'baseline-2022.yaml';

describe('defensible behaviour against the baseline', () => {
  it('stricter secondary sanctions lower grey trade and raise compliance', () => {
    expect(ensembleMean('secondary-sanctions-strict.yaml', 'sanctions.greyTradeIndex', 36, seeds)).toBeLessThan(ensembleMean(base, 'sanctions.greyTradeIndex', 36, seeds) - 0.2);
    expect(ensembleMean('secondary-sanctions-strict.yaml', 'kz.compliance', 36, seeds)).toBeGreaterThan(ensembleMean(base, 'kz.compliance', 36, seeds) + 0.05);
  });

  it('a pipeline disruption cuts export revenue while it lasts and raises diversification after', () => {
    // the cut runs 2022-07..2022-09, steps 4..6
    expect(ensembleMean('pipeline-disruption.yaml', 'trade.exportRevenueIndex', 5, seeds)).toBeLessThan(0.7);
    expect(ensembleMean(base, 'trade.exportRevenueIndex', 5, seeds)).toBeGreaterThan(0.98);
    expect(ensembleMean('pipeline-disruption.yaml', 'kz.diversification', 12, seeds)).toBeGreaterThan(ensembleMean(base, 'kz.diversification', 12, seeds) + 0.1);
  });

  it('Russian coercion moves the posture away from Russia, not toward it', () => {
    expect(ensembleMean('russian-coercion-north.yaml', 'kz.alignment.RU', 36, seeds)).toBeLessThan(ensembleMean(base, 'kz.alignment.RU', 36, seeds));
    expect(ensembleMean('russian-coercion-north.yaml', 'security.exposure', 12, seeds)).toBeGreaterThan(ensembleMean(base, 'security.exposure', 12, seeds) + 0.2);
  });

  it('a Chinese security assurance lowers security exposure', () => {
    expect(ensembleMean('china-security-assurance.yaml', 'security.exposure', 'mean', seeds)).toBeLessThan(ensembleMean(base, 'security.exposure', 'mean', seeds) - 0.02);
  });

  it('doctrine presets lean the way they say', () => {
    expect(ensembleMean('doctrine-lean-russia.yaml', 'kz.alignment.RU', 36, seeds)).toBeGreaterThan(ensembleMean(base, 'kz.alignment.RU', 36, seeds));
    expect(ensembleMean('doctrine-china-pivot.yaml', 'kz.alignment.CN', 36, seeds)).toBeGreaterThan(ensembleMean(base, 'kz.alignment.CN', 36, seeds));
    expect(ensembleMean('doctrine-lean-west.yaml', 'kz.compliance', 36, seeds)).toBeGreaterThan(ensembleMean(base, 'kz.compliance', 36, seeds));
  });
});
