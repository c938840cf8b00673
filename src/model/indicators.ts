import { CHANNELS, POWERS, ROUTES } from './ids.js';
import { normalisedEntropy } from './math.js';

/**
 * What the reporters read: the world as it stands after a step's record phase, in
 * model terms. The engine assembles it once per step; each indicator reads one value.
 */
export interface Observed {
  readonly alignment: ArrayLike<number>;
  readonly compliance: number;
  readonly diversification: number;
  readonly diplomacy: number;
  readonly exposure: ArrayLike<number>;
  readonly tradeShare: ArrayLike<number>;
  readonly oilViaRussia: number;
  readonly routeShare: ArrayLike<number>;
  readonly revenueIndex: number;
  readonly gdp: number;
  readonly investmentIndex: number;
  readonly security: number;
  readonly armsShareRU: number;
  readonly sanctionsExposure: number;
  readonly greyTradeIndex: number;
  readonly designated: number;
  readonly enforcement: number;
  readonly stability: number;
  readonly capacityIndex: ArrayLike<number>;
  readonly levers: ArrayLike<number>;
}

/** One indicator: its name, what it means, the range it must stay in (checked every step) and how it is read. */
export interface IndicatorSpec {
  readonly name: string;
  readonly description: string;
  readonly min: number;
  readonly max: number;
  /** The indicator's value in an observed world. */
  readonly read: (o: Observed) => number;
}

type Read = IndicatorSpec['read'];
const share = (name: string, description: string, read: Read): IndicatorSpec => ({ name, description, min: 0, max: 1, read });
const index = (name: string, description: string, read: Read): IndicatorSpec => ({ name, description, min: 0, max: Number.POSITIVE_INFINITY, read });
const at = (xs: ArrayLike<number>, i: number): number => xs[i] ?? Number.NaN;

/**
 * The reporter table: every recorded series, defined once. Its order is the column
 * order of every record row and result, so a row can never be written out of order.
 */
export const INDICATORS: readonly IndicatorSpec[] = [
  ...POWERS.map((p, i) => share(`kz.alignment.${p}`, `Kazakhstan's posture weight toward ${p}; the four sum to 1`, (o) => at(o.alignment, i))),
  share('kz.balanceIndex', 'Normalised entropy of the posture; 1 = evenly balanced', (o) => normalisedEntropy(o.alignment)),
  share('kz.compliance', 'Sanctions-compliance level', (o) => o.compliance),
  share('kz.diversification', 'Diversification effort: building export routes that avoid Russia', (o) => o.diversification),
  share('kz.diplomacy', 'Diplomatic activity: mediation, summits', (o) => o.diplomacy),
  ...POWERS.map((p, i) => share(`trade.exposure.${p}`, `Dependence on ${p}: trade share and transit dependence, weighted`, (o) => at(o.exposure, i))),
  ...POWERS.map((p, i) => share(`trade.share.${p}`, `Value share of firms' trade with ${p}`, (o) => at(o.tradeShare, i))),
  share('trade.oilViaRussiaShare', 'Share of shipped oil exports that goes through Russia', (o) => o.oilViaRussia),
  ...ROUTES.map((r, i) => share(`trade.routeShare.${r}`, `Share of all shipped export volume on the ${r} route`, (o) => at(o.routeShare, i))),
  index('trade.exportRevenueIndex', 'Export revenue; 1.0 at the start', (o) => o.revenueIndex),
  index('economy.gdpIndex', 'Output; 1.0 at the start', (o) => o.gdp),
  index('economy.investmentIndex', 'Foreign investment inflow; 1.0 at the start', (o) => o.investmentIndex),
  share('security.exposure', 'Coercion risk', (o) => o.security),
  share('security.armsImportShare.RU', 'Share of arms imports from Russia', (o) => o.armsShareRU),
  share('sanctions.exposure', 'Secondary-sanctions risk', (o) => o.sanctionsExposure),
  index('sanctions.greyTradeIndex', 'Grey re-export volume; 1.0 at the start', (o) => o.greyTradeIndex),
  index('sanctions.designatedFirms', 'Cumulative number of firms designated by US/EU enforcement', (o) => o.designated),
  share('sanctions.enforcement', 'Combined US/EU enforcement intensity', (o) => o.enforcement),
  share('stability.index', 'Domestic stability', (o) => o.stability),
  ...ROUTES.map((r, i) => index(`routes.capacityIndex.${r}`, `Usable capacity of the ${r} route; 1.0 at the start`, (o) => at(o.capacityIndex, i))),
  ...POWERS.flatMap((p, pi) =>
    CHANNELS.map((c, ci) => ({
      name: `powers.${p}.${c}`,
      description: `${p}'s lever on ${c}: < 0 pressure, > 0 inducement`,
      min: -1,
      max: 1,
      read: (o: Observed) => at(o.levers, pi * CHANNELS.length + ci),
    })),
  ),
];

/** Writes every indicator's value into `row`, in table order. */
export function readIndicators(o: Observed, row: Float64Array): void {
  for (let i = 0; i < INDICATORS.length; i++) row[i] = INDICATORS[i]!.read(o);
}

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
