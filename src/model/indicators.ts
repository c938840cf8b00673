import { CHANNELS, POWERS, ROUTES } from './ids.js';

/** What an indicator means and the range it must stay in (checked every step). */
export interface IndicatorSpec {
  readonly name: string;
  readonly description: string;
  readonly min: number;
  readonly max: number;
}

const share = (name: string, description: string): IndicatorSpec => ({ name, description, min: 0, max: 1 });
const index = (name: string, description: string): IndicatorSpec => ({ name, description, min: 0, max: Number.POSITIVE_INFINITY });

/** Every recorded series, in the fixed order used in results. */
export const INDICATORS: readonly IndicatorSpec[] = [
  ...POWERS.map((p) => share(`kz.alignment.${p}`, `Kazakhstan's posture weight toward ${p}; the four sum to 1`)),
  share('kz.balanceIndex', 'Normalised entropy of the posture; 1 = evenly balanced'),
  share('kz.compliance', 'Sanctions-compliance level'),
  share('kz.diversification', 'Diversification effort: building export routes that avoid Russia'),
  share('kz.diplomacy', 'Diplomatic activity: mediation, summits'),
  ...POWERS.map((p) => share(`trade.exposure.${p}`, `Dependence on ${p}: trade share and transit dependence, weighted`)),
  ...POWERS.map((p) => share(`trade.share.${p}`, `Value share of firms' trade with ${p}`)),
  share('trade.oilViaRussiaShare', 'Share of shipped oil exports that goes through Russia'),
  ...ROUTES.map((r) => share(`trade.routeShare.${r}`, `Share of all shipped export volume on the ${r} route`)),
  index('trade.exportRevenueIndex', 'Export revenue; 1.0 at the start'),
  index('economy.gdpIndex', 'Output; 1.0 at the start'),
  index('economy.investmentIndex', 'Foreign investment inflow; 1.0 at the start'),
  share('security.exposure', 'Coercion risk'),
  share('security.armsImportShare.RU', 'Share of arms imports from Russia'),
  share('sanctions.exposure', 'Secondary-sanctions risk'),
  index('sanctions.greyTradeIndex', 'Grey re-export volume; 1.0 at the start'),
  index('sanctions.designatedFirms', 'Cumulative number of firms designated by US/EU enforcement'),
  share('sanctions.enforcement', 'Combined US/EU enforcement intensity'),
  share('stability.index', 'Domestic stability'),
  ...ROUTES.map((r) => index(`routes.capacityIndex.${r}`, `Usable capacity of the ${r} route; 1.0 at the start`)),
  ...POWERS.flatMap((p) =>
    CHANNELS.map((c) => ({ name: `powers.${p}.${c}`, description: `${p}'s lever on ${c}: < 0 pressure, > 0 inducement`, min: -1, max: 1 })),
  ),
];

export const INDICATOR_NAMES: readonly string[] = INDICATORS.map((i) => i.name);

/** Position of each indicator in a record row. */
export const INDICATOR_INDEX: ReadonlyMap<string, number> = new Map(INDICATOR_NAMES.map((n, i) => [n, i]));

/** The indicator's position; throws on a name that is not an indicator (a programming error). */
export function indicatorIndex(name: string): number {
  const i = INDICATOR_INDEX.get(name);
  if (i === undefined) throw new Error(`Unknown indicator: ${name}`);
  return i;
}

/** The indicators the brief names for every result: what tables show unless asked for others. */
export const HEADLINE_INDICATORS: readonly string[] = [
  ...POWERS.map((p) => `kz.alignment.${p}`),
  'kz.balanceIndex',
  'kz.compliance',
  ...POWERS.map((p) => `trade.exposure.${p}`),
  'trade.oilViaRussiaShare',
  'trade.exportRevenueIndex',
  'economy.gdpIndex',
  'security.exposure',
  'sanctions.exposure',
  'sanctions.greyTradeIndex',
  'sanctions.designatedFirms',
  'stability.index',
];
