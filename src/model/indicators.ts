import { CHANNELS, PARTNERS, POWERS, ROUTES } from './ids.js';
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
  /** All exports by partner (non-oil, oil by destination, grey re-exports to Russia), USD bn a year. */
  readonly exports: ArrayLike<number>;
  readonly imports: ArrayLike<number>;
  readonly nonOilExports: number;
  readonly oilVolume: number;
  readonly oilRevenue: number;
  readonly oilPrice: number;
  /** Shipped oil by route, Mt a year. */
  readonly oilShipped: ArrayLike<number>;
  readonly exportRevenueIndex: number;
  readonly gdp: number;
  readonly gdpIndex: number;
  readonly investment: number;
  readonly investmentIndex: number;
  readonly security: number;
  readonly armsShareRU: number;
  readonly sanctionsExposure: number;
  readonly grey: number;
  readonly designations: number;
  readonly investigations: number;
  readonly enforcement: number;
  readonly stability: number;
  readonly capacityIndex: ArrayLike<number>;
  readonly levers: ArrayLike<number>;
}

/** One indicator: its name, what it means, the range it must stay in (checked every step) and how it is read. */
export interface IndicatorSpec {
  readonly name: string;
  readonly description: string;
  /** What its values are counted in, for axis titles and tables ("USD bn a year", "index, start = 1"). */
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  /** The indicator's value in an observed world. */
  readonly read: (o: Observed) => number;
}

type Read = IndicatorSpec['read'];
/** Units shared by many indicators. */
const SHARE = 'share (0–1)';
const INDEX01 = 'index (0–1)';
const RELATIVE = 'index, start = 1';
const USD_YEAR = 'USD bn a year';
const share = (name: string, description: string, read: Read, unit: string = SHARE): IndicatorSpec => ({ name, description, unit, min: 0, max: 1, read });
const level = (name: string, description: string, unit: string, read: Read): IndicatorSpec => ({ name, description, unit, min: 0, max: Number.POSITIVE_INFINITY, read });
const at = (xs: ArrayLike<number>, i: number): number => xs[i] ?? Number.NaN;
const sum = (xs: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] ?? 0;
  return s;
};
const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);

/**
 * The reporter table: every recorded series, defined once. Its order is the column
 * order of every record row and result, so a row can never be written out of order.
 */
export const INDICATORS: readonly IndicatorSpec[] = [
  ...POWERS.map((p, i) => share(`kz.alignment.${p}`, `Kazakhstan's posture weight toward ${p}; the four sum to 1`, (o) => at(o.alignment, i), 'posture weight (0–1)')),
  share('kz.balanceIndex', 'Normalised entropy of the posture; 1 = evenly balanced', (o) => normalisedEntropy(o.alignment), INDEX01),
  share('kz.compliance', 'Sanctions-compliance level', (o) => o.compliance, 'level (0–1)'),
  share('kz.diversification', 'Diversification effort: building export routes that avoid Russia', (o) => o.diversification, 'level (0–1)'),
  share('kz.diplomacy', 'Diplomatic activity: mediation, summits', (o) => o.diplomacy, 'level (0–1)'),
  ...POWERS.map((p, i) => share(`trade.exposure.${p}`, `Dependence on ${p}: share of trade turnover and of oil transit, weighted`, (o) => at(o.exposure, i), INDEX01)),
  ...PARTNERS.map((p, i) => level(`trade.exports.${p}`, `Exports to ${p}, USD bn a year (monthly rate annualised): non-oil, oil by destination${p === 'RU' ? ', and grey re-exports' : ''}`, USD_YEAR, (o) => at(o.exports, i))),
  ...PARTNERS.map((p, i) => level(`trade.imports.${p}`, `Imports from ${p}, USD bn a year (monthly rate annualised)`, USD_YEAR, (o) => at(o.imports, i))),
  ...POWERS.map((p, i) => share(`trade.exportShare.${p}`, `${p}'s share of exports by value`, (o) => ratio(at(o.exports, i), sum(o.exports)))),
  ...POWERS.map((p, i) => share(`trade.importShare.${p}`, `${p}'s share of imports by value`, (o) => ratio(at(o.imports, i), sum(o.imports)))),
  ...POWERS.map((p, i) => share(`trade.turnoverShare.${p}`, `${p}'s share of trade turnover (exports plus imports) by value`, (o) => ratio(at(o.exports, i) + at(o.imports, i), sum(o.exports) + sum(o.imports)))),
  level('trade.nonOilExports', 'Non-oil exports including grey re-exports, USD bn a year', USD_YEAR, (o) => o.nonOilExports),
  level('trade.oilExportVolume', 'Crude oil exported, Mt per month', 'Mt a month', (o) => o.oilVolume / 12),
  level('trade.oilRevenue', 'Oil export revenue, USD bn a year', USD_YEAR, (o) => o.oilRevenue),
  { name: 'oil.price', description: 'Oil price, USD per barrel', unit: 'USD a barrel', min: 0, max: 5000, read: (o) => o.oilPrice },
  share('trade.oilViaCpcShare', 'Share of exported oil shipped through the CPC pipeline (through Russia to the Black Sea)', (o) => ratio(at(o.oilShipped, 0), sum(o.oilShipped))),
  share('trade.oilViaRussiaShare', 'Share of exported oil on any route that crosses Russia (CPC and the other Russian routes)', (o) => ratio(at(o.oilShipped, 0) + at(o.oilShipped, 1), sum(o.oilShipped))),
  ...ROUTES.map((r, i) => share(`trade.routeShare.${r}`, `Share of exported oil on the ${r} route`, (o) => ratio(at(o.oilShipped, i), sum(o.oilShipped)))),
  level('trade.exportRevenueIndex', 'All exports by value; 1.0 at the start', RELATIVE, (o) => o.exportRevenueIndex),
  level('economy.gdp', 'Output, USD bn a year at the start month\'s prices for non-oil output and current oil prices', USD_YEAR, (o) => o.gdp),
  level('economy.gdpIndex', 'Output; 1.0 at the start', RELATIVE, (o) => o.gdpIndex),
  level('economy.investment', 'Gross foreign investment inflow, USD bn a year', USD_YEAR, (o) => o.investment),
  level('economy.investmentIndex', 'Gross foreign investment inflow; 1.0 at the start', RELATIVE, (o) => o.investmentIndex),
  share('security.exposure', 'Coercion risk', (o) => o.security, 'risk index (0–1)'),
  share('security.armsImportShare.RU', 'Share of arms imports from Russia', (o) => o.armsShareRU),
  share('sanctions.exposure', 'Secondary-sanctions risk', (o) => o.sanctionsExposure, 'risk index (0–1)'),
  level('sanctions.greyTrade', 'Grey re-exports to Russia, USD bn a year (part of trade.exports.RU)', USD_YEAR, (o) => o.grey),
  level('sanctions.designations', 'Kazakh entities designated by US/EU enforcement, cumulative (real entities, independent of the number of firm agents)', 'entities, cumulative', (o) => o.designations),
  level('sanctions.investigations', 'Expected investigations of Kazakh entities under way', 'investigations (expected)', (o) => o.investigations),
  share('sanctions.enforcement', 'Combined US/EU enforcement intensity', (o) => o.enforcement, 'intensity (0–1)'),
  share('stability.index', 'Domestic stability', (o) => o.stability, INDEX01),
  ...ROUTES.map((r, i) => level(`routes.capacityIndex.${r}`, `Usable capacity of the ${r} oil route; 1.0 at the start`, RELATIVE, (o) => at(o.capacityIndex, i))),
  ...POWERS.flatMap((p, pi) =>
    CHANNELS.map((c, ci) => ({
      name: `powers.${p}.${c}`,
      description: c === 'investment' ? `${p}'s investment lever: relative change of its investment inflow` : `${p}'s lever on ${c}: < 0 pressure, > 0 inducement`,
      unit: 'lever (−1 to 1)',
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

/** An indicator's definition by name; throws on a name that is not an indicator (a programming error). */
export const indicatorSpec = (name: string): IndicatorSpec => INDICATORS[indicatorIndex(name)]!;

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
  ...POWERS.map((p) => `trade.turnoverShare.${p}`),
  'trade.oilViaRussiaShare',
  'trade.oilExportVolume',
  'trade.exportRevenueIndex',
  'economy.gdpIndex',
  'security.exposure',
  'sanctions.exposure',
  'sanctions.greyTrade',
  'sanctions.designations',
  'stability.index',
];
