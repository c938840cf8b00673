/**
 * Every parameter the model reads, with its hard bounds (what the equations can
 * survive, not what is plausible: plausible ranges live with each assumption in
 * calibration/calibration.yaml). Values come only from the calibration file and
 * scenario overrides; the model holds no numbers of its own.
 */
export const PARAM_BOUNDS = {
  // Trade by partner at the start (USD bn a year; BNS 2021, the last pre-war year)
  'trade.exports0.RU': [0, 1000],
  'trade.exports0.CN': [0, 1000],
  'trade.exports0.EU': [0, 1000],
  'trade.exports0.US': [0, 1000],
  'trade.exports0.ROW': [0, 1000],
  'trade.imports0.RU': [0, 1000],
  'trade.imports0.CN': [0, 1000],
  'trade.imports0.EU': [0, 1000],
  'trade.imports0.US': [0, 1000],
  'trade.imports0.ROW': [0, 1000],
  // How trade reallocates
  'trade.substitutionElasticity': [0, 20],
  'trade.adjustHalfLife': [1, 240],
  'trade.volumeElasticity': [0, 5],
  'trade.importIncomeElasticity': [0, 3],
  'trade.leverTariffEquivalent': [0, 2],
  'trade.transitCost': [0, 2],
  'trade.transitDependence.west': [0, 1],
  'trade.transitDependence.ROW': [0, 1],
  'trade.bankFriction': [0, 1],
  'trade.transitWeight': [0, 1],
  // Firm agents (a resolution setting: values are normalised to the trade totals)
  'firms.count': [1, 1_000_000, 'int'],
  'firms.sizeSigma': [0, 4],
  'firms.russianOwnedShare': [0, 1],
  'firms.reExporterShare': [0, 1],
  // Grey re-exports to Russia
  'grey.potential': [0, 2],
  'grey.russianOwnedMultiplier': [0, 10],
  'grey.adjustHalfLife': [0.5, 60],
  'grey.toleranceSigma': [0, 3],
  'grey.margin': [0.001, 10],
  'grey.displacement': [0, 1],
  'grey.entities': [1, 100_000],
  // Oil
  'oil.exportVolume0': [0, 1000],
  'oil.exportGrowth': [-0.2, 0.2],
  'oil.price0': [1, 1000],
  'oil.price2021': [1, 1000],
  'oil.barrelsPerTonne': [5, 10],
  'oil.destinationShare.EU': [0, 1],
  'oil.destinationShare.US': [0, 1],
  // Oil routes
  'routes.oilShare0.cpc': [0, 1],
  'routes.oilShare0.russiaOther': [0, 1],
  'routes.oilShare0.china': [0, 1],
  'routes.headroom.cpc': [0, 5],
  'routes.headroom.russiaOther': [0, 5],
  'routes.headroom.china': [0, 5],
  'routes.headroom.transCaspian': [0, 20],
  'routes.expansionLag.china': [1, 120, 'int'],
  'routes.expansionLag.transCaspian': [1, 120, 'int'],
  'routes.expansionRate.china': [0, 10],
  'routes.expansionRate.transCaspian': [0, 10],
  'routes.ceiling.transCaspian': [0, 100],
  'routes.rerouteHalfLife': [0.1, 60],
  'routes.riskWeight': [0, 50],
  'routes.transitRiskMemory': [0, 1],
  'routes.cpcTransitExposure': [0, 1],
  // Sanctions
  'sanctions.detectBase': [0, 1],
  'sanctions.enforcement0.US': [0, 1],
  'sanctions.enforcement0.EU': [0, 1],
  'sanctions.enforcementResponse': [0, 10],
  'sanctions.compliance0': [0, 1],
  'sanctions.complianceShield': [0, 1],
  'sanctions.exposureScale': [0, 100],
  'sanctions.cooperationWeight': [0, 10],
  'sanctions.designationWeight': [0, 10],
  'sanctions.caseRate': [0, 100],
  'sanctions.investigationLag': [1, 60, 'int'],
  'sanctions.settledShare': [0, 1],
  'sanctions.designationSalience': [0, 10],
  // Security
  'security.armsImportShare0.RU': [0, 1],
  'security.armsAdjustment': [0, 1],
  'security.ethnicRussianShare': [0, 1],
  'security.baseThreat': [0, 10],
  'security.exposureScale': [0, 100],
  'security.backingCap': [0, 1],
  'security.diplomacyWeight': [0, 10],
  'security.informationWeight': [0, 10],
  // Powers
  'powers.RU.targetAlignment': [0, 1],
  'powers.RU.security0': [-1, 1],
  'powers.RU.reaction.information': [0, 20],
  'powers.RU.reaction.trade': [0, 20],
  'powers.RU.reaction.transit': [0, 20],
  'powers.RU.reaction.security': [0, 20],
  'powers.RU.complianceFriction': [0, 10],
  'powers.RU.rhetoricShockRate': [0, 1],
  'powers.RU.rhetoricShockSize': [0, 1],
  'powers.CN.assuranceResponse': [0, 10],
  'powers.engagementResponse': [0, 10],
  'powers.complianceInvestment': [0, 10],
  // Investment
  'investment.fdi0': [0, 1000],
  'investment.share0.RU': [0, 1],
  'investment.share0.CN': [0, 1],
  'investment.share0.EU': [0, 1],
  'investment.share0.US': [0, 1],
  'investment.netShare': [0, 1],
  // Kazakhstan
  'kz.alignment0.RU': [0, 1],
  'kz.alignment0.CN': [0, 1],
  'kz.alignment0.EU': [0, 1],
  'kz.alignment0.US': [0, 1],
  'kz.diplomacy0': [0, 1],
  'kz.diversification0': [0, 1],
  'kz.neutralityPreference': [0, 1],
  'kz.step.alignment': [0, 0.5],
  'kz.step.compliance': [0, 0.5],
  'kz.step.diversification': [0, 1],
  'kz.step.diplomacy': [0, 1],
  'kz.decay.diversification': [0, 1],
  'kz.decay.diplomacy': [0, 1],
  'kz.choiceTemperature': [1e-6, 100],
  'kz.actionCost.investRoutes': [0, 10],
  'kz.actionCost.mediate': [0, 10],
  // Economy
  'economy.gdp0': [1, 100_000],
  'economy.oilShare': [0, 1],
  'economy.trendGrowth': [-0.2, 0.2],
  'economy.adjustment': [0, 1],
  'economy.nonOilValueAdded': [0, 1],
  'economy.demandMultiplier': [0, 5],
  'economy.oilRentSpillover': [0, 2],
  // Population and stability
  'demography.population': [1, 1e10],
  'stability.initial': [0, 1],
  'stability.target': [0, 1],
  'stability.adjustment': [0, 1],
  'stability.weight.economy': [0, 10],
  'stability.weight.security': [0, 10],
  'stability.weight.polarisation': [0, 10],
  'stability.weight.migration': [0, 100],
} as const satisfies Record<string, readonly [number, number] | readonly [number, number, 'int']>;

export type ParamId = keyof typeof PARAM_BOUNDS;
/** A complete parameter set, keyed by id. */
export type Params = Readonly<Record<ParamId, number>>;

export const PARAM_IDS = Object.keys(PARAM_BOUNDS) as ParamId[];

/** True when `id` names a model parameter. */
export const isParamId = (id: string): id is ParamId => Object.hasOwn(PARAM_BOUNDS, id);

/** Why `value` is not acceptable for parameter `id`, or undefined when it is. */
export function paramBoundProblem(id: ParamId, value: number): string | undefined {
  const spec: readonly (number | string)[] = PARAM_BOUNDS[id];
  const [min, max] = spec as readonly [number, number];
  if (!Number.isFinite(value)) return `a finite number`;
  if (spec[2] === 'int' && !Number.isInteger(value)) return `an integer in [${min}, ${max}]`;
  if (value < min || value > max) return `a number in [${min}, ${max}]`;
  return undefined;
}

const SHARE_GROUPS: readonly { readonly ids: readonly ParamId[]; readonly exact: boolean; readonly what: string }[] = [
  { ids: ['kz.alignment0.RU', 'kz.alignment0.CN', 'kz.alignment0.EU', 'kz.alignment0.US'], exact: true, what: "Kazakhstan's start posture" },
  { ids: ['routes.oilShare0.cpc', 'routes.oilShare0.russiaOther', 'routes.oilShare0.china'], exact: false, what: 'oil route shares (the rest is Trans-Caspian)' },
  { ids: ['oil.destinationShare.EU', 'oil.destinationShare.US'], exact: false, what: 'oil destinations off the China pipeline (the rest is the rest of the world)' },
  { ids: ['investment.share0.RU', 'investment.share0.CN', 'investment.share0.EU', 'investment.share0.US'], exact: false, what: 'investment shares by source (the rest is other investors)' },
];

/** A group of shares that must sum to 1 (or at most 1) and does not: its parameter ids and what is wrong. */
export interface ShareProblem {
  readonly ids: readonly ParamId[];
  readonly message: string;
}

/** Shares that must sum to 1 (or at most 1, the rest being a remainder) and do not. */
export function shareProblems(params: Params): ShareProblem[] {
  return SHARE_GROUPS.flatMap((g) => {
    const sum = g.ids.reduce((s, id) => s + params[id], 0);
    const bad = g.exact ? Math.abs(sum - 1) > 1e-9 : sum > 1 + 1e-9;
    return bad ? [{ ids: g.ids, message: `${g.what}: ${g.ids.join(' + ')} = ${Number(sum.toPrecision(12))}, expected ${g.exact ? 'exactly 1' : 'at most 1'}` }] : [];
  });
}

/**
 * A parameter set whose share groups are brought within their constraint: a group that
 * must sum to 1 is scaled to sum to 1, and one that must sum to at most 1 and sums to
 * more is scaled down to 1. Used when assumptions are sampled independently from
 * their ranges, whose upper ends need not be jointly possible. Returns the ids it
 * scaled (every member of each group it scaled), empty when nothing needed it.
 */
export function constrainShares(params: Params): { params: Params; scaled: ParamId[] } {
  const out: Record<string, number> = { ...params };
  const scaled: ParamId[] = [];
  for (const g of SHARE_GROUPS) {
    const sum = g.ids.reduce((s, id) => s + params[id], 0);
    const bad = g.exact ? Math.abs(sum - 1) > 1e-9 : sum > 1 + 1e-9;
    if (!bad || !(sum > 0)) continue;
    for (const id of g.ids) out[id] = params[id] / sum;
    scaled.push(...g.ids);
  }
  return { params: out as Params, scaled };
}

/** A parameter set with a scenario's overrides applied (unknown ids are ignored: the loader has already refused them). */
export function withOverrides(params: Params, overrides: Readonly<Partial<Record<string, number>>>): Params {
  const out: Record<string, number> = { ...params };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined && isParamId(k)) out[k] = v;
  return out as Params;
}
