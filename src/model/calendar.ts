/** 'YYYY-MM' of the month `offset` months after `start` ('YYYY-MM'). */
export function addMonths(start: string, offset: number): string {
  const [y, m] = start.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + offset;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The month labels of a run: `start` (the start state) and the `horizon` months after it. */
export const runMonths = (start: string, horizon: number): string[] => Array.from({ length: horizon + 1 }, (_, k) => addMonths(start, k));

/** Months from `start` to `month` (both 'YYYY-MM'); negative when `month` is earlier. */
export function monthsBetween(start: string, month: string): number {
  const [y0, m0] = start.split('-').map(Number) as [number, number];
  const [y1, m1] = month.split('-').map(Number) as [number, number];
  return (y1 - y0) * 12 + (m1 - m0);
}
