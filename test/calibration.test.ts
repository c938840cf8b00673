import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrationTable, REPRODUCTION_TOLERANCE } from '../src/calibration/table.js';
import { parseCalibration } from '../src/calibration/load.js';
import { PARAM_IDS } from '../src/model/params.js';
import { CALIBRATION, ROOT, cli } from './_helpers.js';

const sources = join(ROOT, 'calibration', 'sources');
const table = calibrationTable(CALIBRATION);

describe('calibration', () => {
  it('covers every model parameter exactly once', () => {
    expect(Object.keys(CALIBRATION.file.parameters).sort()).toEqual([...PARAM_IDS].sort());
  });

  it('ships byte-identical copies of the source documents', () => {
    const shared = join(ROOT, '..', 'shared', 'seeds');
    const copies = readdirSync(sources).sort();
    expect(copies.length).toBe(5);
    // The copies make a fresh clone self-contained; where the originals sit beside the repository, they must match.
    if (existsSync(shared)) for (const f of copies) expect(readFileSync(join(sources, f))).toEqual(readFileSync(join(shared, f)));
  });

  for (const f of table.figures) {
    it(`${f.id}: "${f.quote.slice(0, 60)}…" appears verbatim in ${f.source}`, () => {
      const text = readFileSync(join(sources, f.source), 'utf8');
      expect(text).toContain(f.quote);
      expect(f.value).toBe(f.documentedValue);
    });
    if (f.reproducedBy) {
      it(`the start state reproduces ${f.id} = ${f.documentedValue} in ${f.reproducedBy} (tolerance ${REPRODUCTION_TOLERANCE})`, () => {
        expect(Math.abs(f.modelValue! - f.documentedValue)).toBeLessThanOrEqual(REPRODUCTION_TOLERANCE);
      });
    }
  }

  it('reproduces the three figures the brief names: 27% imports from Russia, ~80% oil via Russia, 90% arms from Russia', () => {
    const byIndicator = new Map(table.figures.map((f) => [f.reproducedBy, f.modelValue]));
    expect(byIndicator.get('trade.share.RU')).toBeCloseTo(0.27, 2);
    expect(byIndicator.get('trade.oilViaRussiaShare')).toBeCloseTo(0.8, 2);
    expect(byIndicator.get('security.armsImportShare.RU')).toBeCloseTo(0.9, 5);
  });

  it('reproduces the figures at other firm counts and seeds too', () => {
    const small = calibrationTable({ ...CALIBRATION, params: { ...CALIBRATION.params, 'firms.count': 800 } }, 77);
    for (const f of small.figures) if (f.reproducedBy) expect(f.withinTolerance, f.id).toBe(true);
  });

  it('rejects an assumption whose value lies outside its own range, and a missing parameter', () => {
    const text = readFileSync(join(ROOT, 'calibration', 'calibration.yaml'), 'utf8');
    const bad = text.replace(/(trade\.share0\.EU:\n    value:) 0\.30/, '$1 0.9').replace(/  demography\.population:[\s\S]*?year: 2022\n/, '');
    const r = parseCalibration('cal.yaml', bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.code).sort()).toEqual(['CALIBRATION_INCOMPLETE', 'OUT_OF_RANGE']);
  });

  it('`mvsim calibration` prints the table, and --json the same data', async () => {
    const text = await cli(['calibration']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('the majority of Kazakh imports (27 per cent) come from the neighbouring country');
    expect(text.stdout).toMatch(/model at start 0\.(8|79)\d* \(trade\.oilViaRussiaShare, reproduced\)/);
    const json = await cli(['calibration', '--json']);
    const data = JSON.parse(json.stdout) as { figures: { id: string; withinTolerance: boolean | null }[]; assumptions: unknown[] };
    expect(data.figures.length).toBe(table.figures.length);
    expect(data.figures.every((f) => f.withinTolerance !== false)).toBe(true);
    expect(data.assumptions.length).toBe(table.assumptions.length);
  });
});
