/** The four pressure sources, in the fixed order used by every array in the model. */
export const POWERS = ['RU', 'CN', 'EU', 'US'] as const;
export type Power = (typeof POWERS)[number];

/** Trade partners: the four powers plus the rest of the world. */
export const PARTNERS = ['RU', 'CN', 'EU', 'US', 'ROW'] as const;
export type Partner = (typeof PARTNERS)[number];

/**
 * Oil export routes: CPC (Tengiz through Russia to the Black Sea), the other routes
 * through Russia (Atyrau–Samara into Transneft, Aktau–Makhachkala, rail), the pipeline
 * to China (Atasu–Alashankou), and the Trans-Caspian crossing (Aktau/Kuryk to Baku).
 */
export const ROUTES = ['cpc', 'russiaOther', 'china', 'transCaspian'] as const;
export type Route = (typeof ROUTES)[number];
/** Whether each route crosses Russian territory. */
export const CROSSES_RUSSIA: readonly boolean[] = [true, true, false, false];

/** Channels on which a power can press or induce; a lever is signed: < 0 coercion, > 0 inducement. */
export const CHANNELS = ['trade', 'transit', 'security', 'enforcement', 'investment', 'information'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Directions of a firm agent's trade. */
export const DIRECTIONS = ['export', 'import'] as const;
export const EXPORT = 0;
export const IMPORT = 1;

/** Index of a (power, channel) lever in the flat lever array. */
export const leverIndex = (p: number, c: number): number => p * CHANNELS.length + c;

export const RU = 0;
export const CN = 1;
export const EU = 2;
export const US = 3;
export const ROW = 4;

export const ROUTE_CPC = 0;
export const ROUTE_RUSSIA_OTHER = 1;
export const ROUTE_CHINA = 2;
export const ROUTE_TRANSCASPIAN = 3;

export const CH_TRADE = 0;
export const CH_TRANSIT = 1;
export const CH_SECURITY = 2;
export const CH_ENFORCEMENT = 3;
export const CH_INVESTMENT = 4;
export const CH_INFORMATION = 5;
