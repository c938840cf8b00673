import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Explanation } from '../src/analysis/explain.js';
import { TEXT_DECIMALS } from '../src/analysis/explainText.js';
import { POWERS } from '../src/model/ids.js';
import type { EnsembleResult } from '../src/results/ensembleResult.js';
import type { RunResult } from '../src/results/runResult.js';
import { cli, SCENARIOS, tempDir } from './_helpers.js';

const FIRMS = '400';

/** Every number written in a value of the explanation, at each precision the text may show it with, and every number inside its strings. */
function allowedNumbers(x: unknown, into = new Set<string>()): Set<string> {
  if (typeof x === 'number') {
    into.add(String(x));
    into.add(String(Number((100 * x).toPrecision(3)))); // a share, as a percentage
    for (let d = 0; d <= TEXT_DECIMALS; d++) {
      const s = x.toFixed(d);
      into.add(s);
      into.add(s.replace(/^-/, ''));
    }
  } else if (typeof x === 'string') for (const m of x.match(/\d+(?:\.\d+)?/g) ?? []) into.add(m);
  else if (Array.isArray(x)) x.forEach((v) => allowedNumbers(v, into));
  else if (x && typeof x === 'object') Object.values(x).forEach((v) => allowedNumbers(v, into));
  return into;
}

/** The numbers in a text, months ("2022-03") taken whole; labels such as p95 are names, not numbers. */
const numbersIn = (text: string): string[] => text.replace(/\b\d{4}-\d{2}\b/g, ' ').match(/(?<![\w.])\d+(?:\.\d+)?/g) ?? [];

describe('mvsim explain', () => {
  const dir = tempDir();
  let run: RunResult;
  let json: Explanation;
  let text: string;
  beforeAll(async () => {
    expect((await cli(['run', join(SCENARIOS, 'secondary-sanctions-strict.yaml'), '--seed', '5', '--firms', FIRMS, '--out', 'run.json'], dir)).code).toBe(0);
    run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunResult;
    const j = await cli(['explain', 'run.json', '--json'], dir);
    expect(j.code).toBe(0);
    json = JSON.parse(j.stdout) as Explanation;
    const t = await cli(['explain', 'run.json'], dir);
    expect(t.code).toBe(0);
    text = t.stdout;
  });

  it("takes the headline numbers from the result's series", () => {
    const H = run.months.length - 1;
    for (const h of json.headline) {
      expect(h.start).toBe(run.series[h.indicator]![0]);
      expect(h.final).toBe(run.series[h.indicator]![H]);
    }
    expect(json.period).toEqual({ start: run.months[0], end: run.months[H], months: H });
    expect(json.source).toEqual({ kind: 'run', seed: 5 });
  });

  it("decomposes each change into parts that add up to it, with totals equal to the result's", () => {
    const H = run.months.length - 1;
    for (const a of json.decomposition.attributions) {
      expect(a.start).toBe(run.series[a.indicator]![0]);
      expect(a.final).toBe(run.series[a.indicator]![H]);
      expect(POWERS.reduce((s, p) => s + a.parts[p], a.rest)).toBeCloseTo(a.change, 10);
    }
    expect(json.decomposition.method).toMatch(/Shapley decomposition .* levers held at their start-of-run values/);
  });

  it("counts events and decisions as the result's log and summary do", () => {
    const decisions = Object.fromEntries(json.decisions.map((d) => [d.action, d.count]));
    expect(decisions).toEqual(Object.fromEntries(Object.entries(run.summary.decisions).filter(([, n]) => n > 0)));
    const scenarioEvents = json.events.filter((e) => e.actor === 'scenario').reduce((s, e) => s + (e.count ?? 0), 0);
    expect(scenarioEvents).toBe(run.summary.scenarioEvents);
    for (const d of json.decisions) {
      const taken = run.events.filter((e) => e.kind === 'decision' && e.detail === d.action);
      expect(d.reasons!.economy).toBeCloseTo(taken.reduce((s, e) => s + e.data!['economy']!, 0) / taken.length, 10);
      expect(d.firstMonth).toBe(taken[0]!.month);
    }
  });

  it('prints only numbers that are in the explanation data, at most to the precision shown', () => {
    const allowed = allowedNumbers(json);
    const stray = numbersIn(text).filter((n) => !allowed.has(n));
    expect(stray).toEqual([]);
    expect(text).toContain('Who moved the exposures');
    for (const a of json.decomposition.attributions) expect(text).toContain(a.indicator);
  });

  it('explains an ensemble from its means, decomposing the first seeds and saying so', async () => {
    expect((await cli(['run', join(SCENARIOS, 'russian-coercion-north.yaml'), '--seeds', '1..4', '--firms', FIRMS, '--out', 'ens.json', '--quiet'], dir)).code).toBe(0);
    const ens = JSON.parse(readFileSync(join(dir, 'ens.json'), 'utf8')) as EnsembleResult;
    const j = await cli(['explain', 'ens.json', '--json', '--decompose-seeds', '2'], dir);
    expect(j.code).toBe(0);
    const x = JSON.parse(j.stdout) as Explanation;
    const H = ens.months.length - 1;
    for (const h of x.headline) {
      expect(h.start).toBe(ens.series[h.indicator]!.mean[0]);
      expect(h.final).toBe(ens.series[h.indicator]!.mean[H]);
      expect(h.finalRange).toEqual({ p5: ens.series[h.indicator]!.p5[H], p95: ens.series[h.indicator]!.p95[H] });
    }
    expect(x.decomposition.seeds).toEqual([1, 2]);
    for (const a of x.decomposition.attributions) {
      // results carry 12 significant digits, and some indicators are in USD bn: compare relative to the value's size
      const mean2 = (ens.perSeed.final[a.indicator]![0]! + ens.perSeed.final[a.indicator]![1]!) / 2;
      expect(Math.abs(a.final - mean2), a.indicator).toBeLessThanOrEqual(1e-11 * Math.max(1, Math.abs(mean2)));
      expect(Math.abs(POWERS.reduce((s, p) => s + a.parts[p], a.rest) - a.change), a.indicator).toBeLessThanOrEqual(1e-11 * Math.max(1, Math.abs(a.final)));
    }
    expect(x.notes.join(' ')).toMatch(/averages 2 of the 4 seeds/);
    const t = await cli(['explain', 'ens.json', '--decompose-seeds', '2'], dir);
    expect(numbersIn(t.stdout).filter((n) => !allowedNumbers(x).has(n))).toEqual([]);

    // every value the ensemble keeps of a decomposed seed is checked, not only the decomposed indicators' finals
    const tampered = structuredClone(ens);
    tampered.perSeed.mean['trade.exports.CN']![1] = tampered.perSeed.mean['trade.exports.CN']![1]! + 0.001;
    writeFileSync(join(dir, 'ens-tampered.json'), JSON.stringify(tampered));
    const r = await cli(['explain', 'ens-tampered.json', '--decompose-seeds', '2'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/re-running seed 2 gives a mean of trade\.exports\.CN of [\d.]+ over the horizon, but the file says [\d.]+; .* cannot be explained/);
  });

  it('refuses a result it cannot reproduce, a sweep, a result from another calibration, a folder and a missing file, with exit 2', async () => {
    const tampered = structuredClone(run);
    const H = run.months.length - 1;
    tampered.series['security.exposure']![H] = 0.5;
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify(tampered));
    const t = await cli(['explain', 'tampered.json'], dir);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/re-running seed 5 gives security.exposure = [\d.]+ in 2025-03, but the file says 0.5; .* cannot be explained/);
    // the whole run is checked, not only final values: a month in the middle, and the event log
    const middle = structuredClone(run);
    middle.series['trade.exports.RU']![7] = middle.series['trade.exports.RU']![7]! + 0.001;
    writeFileSync(join(dir, 'middle.json'), JSON.stringify(middle));
    expect((await cli(['explain', 'middle.json'], dir)).stderr).toMatch(/re-running seed 5 gives trade\.exports\.RU = [\d.]+ in 2022-10, but the file says/);
    const log = structuredClone(run);
    log.events[0]!.detail = 'edited';
    writeFileSync(join(dir, 'log.json'), JSON.stringify(log));
    expect((await cli(['explain', 'log.json'], dir)).stderr).toMatch(/re-running seed 5 gives a different event 1/);

    const other = structuredClone(run);
    other.calibration.sha256 = 'f'.repeat(64);
    writeFileSync(join(dir, 'other.json'), JSON.stringify(other, null, 1));
    const c = await cli(['explain', 'other.json'], dir);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/other.json:\d+:1: error INCOMPARABLE at calibration: made with calibration ffffffffffff…/);

    expect((await cli(['sweep', join(SCENARIOS, 'baseline-2022.yaml'), '--vary', 'doctrine.economy=1,2', '--seeds', '1', '--firms', '100', '--out', 'sw.json', '--quiet'], dir)).code).toBe(0);
    const s = await cli(['explain', 'sw.json'], dir);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/error INCOMPARABLE at kind: sw.json is a sweep; explain takes a run or an ensemble/);

    for (const [arg, message] of [['.', /^\. is a folder; give one result file\n$/], ['missing.json', /missing.json:1:1: error FILE_NOT_FOUND/]] as const) {
      const r = await cli(['explain', arg], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
