/** The four pressure sources, in the fixed order used by every array in the model. */
export const POWERS = ['RU', 'CN', 'EU', 'US'] as const;
export type Power = (typeof POWERS)[number];

/** Trade partners of firms: the four powers plus everyone else. */
export const PARTNERS = ['RU', 'CN', 'EU', 'US', 'other'] as const;
export type Partner = (typeof PARTNERS)[number];

/** Explicit export routes. */
export const ROUTES = ['russia', 'china', 'transCaspian'] as const;
export type Route = (typeof ROUTES)[number];

/** Channels on which a power can press or induce; a lever is signed: < 0 coercion, > 0 inducement. */
export const CHANNELS = ['trade', 'transit', 'security', 'enforcement', 'investment', 'information'] as const;
export type Channel = (typeof CHANNELS)[number];

export const SECTORS = ['oil', 'metals', 'grain', 'manufacturing', 'trading'] as const;
export type Sector = (typeof SECTORS)[number];

export const OWNERSHIPS = ['domestic', 'russian', 'chinese', 'western'] as const;

/** Index of a (power, channel) lever in the flat lever array. */
export const leverIndex = (p: number, c: number): number => p * CHANNELS.length + c;

export const RU = 0;
export const CN = 1;
export const EU = 2;
export const US = 3;
export const OTHER = 4;

export const ROUTE_RUSSIA = 0;
export const ROUTE_CHINA = 1;
export const ROUTE_TRANSCASPIAN = 2;

export const CH_TRADE = 0;
export const CH_TRANSIT = 1;
export const CH_SECURITY = 2;
export const CH_ENFORCEMENT = 3;
export const CH_INVESTMENT = 4;
export const CH_INFORMATION = 5;

export const SECTOR_OIL = 0;
export const SECTOR_MANUFACTURING = 3;
export const SECTOR_TRADING = 4;
