import type { TidyTable } from './tidy.js';

/**
 * The table as an Apache Arrow IPC file (Feather v2), which pandas (`pd.read_feather`),
 * polars (`pl.read_ipc`) and R (`arrow::read_feather`) read in one call: scenario,
 * month and indicator dictionary-encoded strings, seed uint32, step int32, value and
 * the extras float64 (NaN where a run drew none). apache-arrow is loaded only here.
 */
export async function tidyArrow(t: TidyTable): Promise<Uint8Array> {
  const { Dictionary, Int32, Table, Utf8, makeVector, tableToIPC, vectorFromArray } = await import('apache-arrow');
  // fixed dictionary ids: apache-arrow otherwise numbers dictionaries from a counter per process, and a second export would differ
  const dict = (values: string[], id: number) => vectorFromArray(values, new Dictionary(new Utf8(), new Int32(), id));
  const columns: Record<string, ReturnType<typeof makeVector> | ReturnType<typeof dict>> = {
    scenario: dict(t.scenario, 0),
    seed: makeVector(Uint32Array.from(t.seed)),
    step: makeVector(Int32Array.from(t.step)),
    month: dict(t.month, 1),
    indicator: dict(t.indicator, 2),
    value: makeVector(Float64Array.from(t.value)),
  };
  for (const [name, values] of t.extra) columns[name] = makeVector(Float64Array.from(values));
  return tableToIPC(new Table(columns), 'file');
}
