/**
 * Every parameter the model reads, with its hard bounds (what the equations can
 * survive, not what is plausible: plausible ranges live with each assumption in
 * calibration/calibration.yaml). Values come only from the calibration file and
 * scenario overrides; the model holds no numbers of its own.
 */
export const PARAM_BOUNDS = {
  // Trade partners (value shares at the start; 'other' is the remainder)
  'trade.share0.RU': [0, 1],
  'trade.share0.CN': [0, 1],
  'trade.share0.EU': [0, 1],
  'trade.share0.US': [0, 1],
  'trade.transitWeight': [0, 1],
  // Routes
  'routes.oilShare0.russia': [0, 1],
  'routes.oilShare0.china': [0, 1],
  'routes.westboundShare0.russia': [0, 1],
  'routes.headroom.russia': [0, 2],
  'routes.headroom.china': [0, 2],
  'routes.headroom.transCaspian': [0, 2],
  'routes.expansionLag.china': [1, 60, 'int'],
  'routes.expansionLag.transCaspian': [1, 60, 'int'],
  'routes.expansionRate': [0, 1],
  'routes.switchRate.base': [0, 1],
  'routes.switchRate.risk': [0, 1],
  'routes.riskWeight': [0, 50],
  'routes.congestionWeight': [0, 50],
  'routes.capacityAttraction': [0, 50],
  'routes.transitRiskMemory': [0, 1],
  // Firms
  'firms.count': [1, 1_000_000, 'int'],
  'firms.sectorShare.oil': [0, 1],
  'firms.sectorShare.metals': [0, 1],
  'firms.sectorShare.grain': [0, 1],
  'firms.sectorShare.manufacturing': [0, 1],
  'firms.sizeSigma': [0, 4],
  'firms.oilSizeMultiplier': [1, 1000],
  'firms.russianOwnedShare': [0, 1],
  'firms.chineseOwnedShare': [0, 1],
  'firms.westernOwnedShare': [0, 1],
  'firms.greyPropensity.mean': [0, 1],
  'firms.greyPropensity.russianOwnedMultiplier': [0, 10],
  'firms.greyAdjustment': [0, 1],
  'firms.riskTolerance.spread': [0, 1],
  'firms.designationHazard': [0, 1],
  'firms.designatedTradeLoss': [0, 1],
  // Sanctions
  'sanctions.greyMargin0': [0.001, 10],
  'sanctions.detectBase': [0, 1],
  'sanctions.enforcement0.US': [0, 1],
  'sanctions.enforcement0.EU': [0, 1],
  'sanctions.enforcementResponse': [0, 10],
  'sanctions.compliance0': [0, 1],
  'sanctions.complianceShield': [0, 1],
  'sanctions.exposureScale': [0, 100],
  'sanctions.cooperationWeight': [0, 10],
  'sanctions.designationWeight': [0, 100],
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
  'powers.RU.trade0': [-1, 1],
  'powers.RU.security0': [-1, 1],
  'powers.RU.reaction.information': [0, 20],
  'powers.RU.reaction.trade': [0, 20],
  'powers.RU.reaction.security': [0, 20],
  'powers.RU.complianceFriction': [0, 10],
  'powers.RU.rhetoricShockRate': [0, 1],
  'powers.RU.rhetoricShockSize': [0, 1],
  'powers.CN.investment0': [-1, 1],
  'powers.CN.assuranceResponse': [0, 10],
  'powers.EU.investment0': [-1, 1],
  'powers.US.investment0': [-1, 1],
  'powers.investmentResponse': [0, 10],
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
  'kz.choiceTemperature': [1e-6, 10],
  'kz.anticipatedReaction': [0, 10],
  'kz.actionCost.investRoutes': [0, 1],
  'kz.actionCost.mediate': [0, 1],
  // Economy and stability
  'economy.trendGrowth': [-0.05, 0.05],
  'economy.adjustment': [0, 1],
  'economy.exportElasticity': [0, 5],
  'economy.investmentElasticity': [0, 5],
  'economy.greyRevenueWeight': [0, 5],
  'economy.tradeCoercionCost': [0, 5],
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
  { ids: ['trade.share0.RU', 'trade.share0.CN', 'trade.share0.EU', 'trade.share0.US'], exact: false, what: 'trade partner shares (the rest is "other")' },
  { ids: ['routes.oilShare0.russia', 'routes.oilShare0.china'], exact: false, what: 'oil route shares (the rest is Trans-Caspian)' },
  { ids: ['firms.sectorShare.oil', 'firms.sectorShare.metals', 'firms.sectorShare.grain', 'firms.sectorShare.manufacturing'], exact: false, what: 'sector shares (the rest is trading)' },
  { ids: ['firms.russianOwnedShare', 'firms.chineseOwnedShare', 'firms.westernOwnedShare'], exact: false, what: 'ownership shares (the rest is domestic)' },
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

/** A parameter set with a scenario's overrides applied (unknown ids are ignored: the loader has already refused them). */
export function withOverrides(params: Params, overrides: Readonly<Partial<Record<string, number>>>): Params {
  const out: Record<string, number> = { ...params };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined && isParamId(k)) out[k] = v;
  return out as Params;
}
