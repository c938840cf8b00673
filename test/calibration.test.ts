import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowedDeviation, calibrationTable, REPRODUCTION_TOLERANCE } from '../src/calibration/table.js';
import { parseCalibration } from '../src/calibration/load.js';
import { PARAM_IDS } from '../src/model/params.js';
import { CALIBRATION, ROOT, cli } from './_helpers.js';

const sources = join(ROOT, 'calibration', 'sources');
const data = join(ROOT, 'calibration', 'data');
const table = calibrationTable(CALIBRATION);
const calibrationText = readFileSync(join(ROOT, 'calibration', 'calibration.yaml'), 'utf8');

describe('calibration', () => {
  it('covers every model parameter exactly once', () => {
    expect(Object.keys(CALIBRATION.file.parameters).sort()).toEqual([...PARAM_IDS].sort());
    expect(table.figures.length + table.statistics.length + table.assumptions.length).toBe(PARAM_IDS.length);
  });

  it('ships byte-identical copies of the source documents and of the statistics', () => {
    const shared = join(ROOT, '..', 'shared');
    const copies = readdirSync(sources).sort();
    expect(copies.length).toBe(5);
    // The copies make a fresh clone self-contained; where the originals sit beside the repository, they must match.
    if (existsSync(join(shared, 'seeds'))) for (const f of copies) expect(readFileSync(join(sources, f))).toEqual(readFileSync(join(shared, 'seeds', f)));
    const tables = readdirSync(data).filter((f) => f.endsWith('.csv'));
    expect(tables).toEqual(['kz-trade-by-partner-2018-2021.csv']);
    if (existsSync(join(shared, 'data'))) for (const f of tables) expect(readFileSync(join(data, f))).toEqual(readFileSync(join(shared, 'data', f)));
  });

  it('tolerates 0.5% of a figure, and 0.005 at least', () => {
    expect(REPRODUCTION_TOLERANCE).toBe(0.005);
    expect(allowedDeviation(0.8)).toBe(0.005);
    expect(allowedDeviation(0)).toBe(0.005);
    expect(allowedDeviation(17.6055)).toBeCloseTo(0.0880275, 10);
  });

  for (const f of table.figures) {
    it(`${f.id}: "${f.quote.slice(0, 60)}…" appears verbatim in ${f.source}`, () => {
      expect(readFileSync(join(sources, f.source), 'utf8')).toContain(f.quote);
      expect(f.value).toBe(f.documentedValue);
    });
  }

  for (const s of table.statistics) {
    if (s.file === null) continue;
    it(`${s.id}: its table calibration/data/${s.file} is shipped${s.quote ? ' and holds the quoted row' : ''}`, () => {
      expect(existsSync(join(data, s.file!))).toBe(true);
      if (s.quote) expect(readFileSync(join(data, s.file!), 'utf8')).toContain(s.quote);
    });
  }

  for (const r of [...table.figures, ...table.statistics]) {
    if (!r.reproducedBy) continue;
    it(`the start state reproduces ${r.id} = ${r.value} ${r.unit} in ${r.reproducedBy} (within ${allowedDeviation(r.value)})`, () => {
      expect(Math.abs(r.modelValue! - r.value)).toBeLessThanOrEqual(allowedDeviation(r.value));
      expect(r.withinTolerance).toBe(true);
    });
  }

  it('reproduces the figures the brief names: ~80% of oil through the CPC, 90% of arms from Russia, imports from Russia (BNS 2021)', () => {
    const byIndicator = new Map([...table.figures, ...table.statistics].map((f) => [f.reproducedBy, f.modelValue]));
    expect(byIndicator.get('trade.oilViaCpcShare')).toBeCloseTo(0.8, 2);
    expect(byIndicator.get('security.armsImportShare.RU')).toBeCloseTo(0.9, 5);
    expect(byIndicator.get('trade.imports.RU')! / 17.6055).toBeCloseTo(1, 2);
  });

  it('reproduces the figures at other firm counts and seeds too', () => {
    const small = calibrationTable({ ...CALIBRATION, params: { ...CALIBRATION.params, 'firms.count': 800 } }, 77);
    for (const f of [...small.figures, ...small.statistics]) if (f.reproducedBy) expect(f.withinTolerance, f.id).toBe(true);
  });

  it('rejects a value outside its own range (of any class), an unknown indicator, and a missing parameter', () => {
    const bad = calibrationText
      .replace(/(trade\.transitWeight:\n    value:) 0\.5/, '$1 0.9')
      .replace(/(trade\.imports0\.US:\n    value:) 1\.351/, '$1 1.5')
      .replace('reproducedBy: trade.imports.CN', 'reproducedBy: trade.import.CN')
      .replace(/  security\.backingCap:[\s\S]*?(?=  security\.diplomacyWeight:)/, '');
    const r = parseCalibration('cal.yaml', bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.code).sort()).toEqual(['CALIBRATION_INCOMPLETE', 'INVALID_VALUE', 'OUT_OF_RANGE', 'OUT_OF_RANGE']);
    const unknown = r.issues.find((i) => i.code === 'INVALID_VALUE')!;
    expect(unknown).toMatchObject({ path: ['parameters', 'trade.imports0.CN', 'statistic', 'reproducedBy'], suggestion: 'trade.imports.CN' });
    expect(r.issues.find((i) => i.path.includes('trade.imports0.US'))!.message).toBe('trade.imports0.US: value 1.5 lies outside its own plausible range [1.1638, 1.3513]');
  });

  it('`mvsim calibration` prints figures and statistics with their sources, and --json the same data', async () => {
    const text = await cli(['calibration']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('around 80 per cent of Kazakh oil is exported abroad via the pipeline that runs through Russia');
    expect(text.stdout).toMatch(/model at start 0\.(8|79)\d* \(trade\.oilViaCpcShare, reproduced\)/);
    expect(text.stdout).toContain('trade.imports0.RU = 17.6055 USD bn a year [13.2375, 17.6055]');
    expect(text.stdout).toContain('published 17,605.5 million USD (2021): BNS, "Main indicators of foreign trade by country", 2021: imports from Russia [calibration/data/kz-trade-by-partner-2018-2021.csv]');
    expect(text.stdout).toContain('derived: World 60,321.0 − Russia 7,018.7');
    const json = await cli(['calibration', '--json']);
    const parsed = JSON.parse(json.stdout) as { figures: { withinTolerance: boolean | null }[]; statistics: { id: string; source: string; withinTolerance: boolean | null }[]; assumptions: unknown[]; tolerance: number };
    expect(parsed.figures.length).toBe(table.figures.length);
    expect(parsed.statistics.map((s) => s.id)).toEqual(table.statistics.map((s) => s.id));
    expect(parsed.statistics.find((s) => s.id === 'economy.gdp0')!.source).toMatch(/^World Bank, World Development Indicators/);
    expect([...parsed.figures, ...parsed.statistics].every((f) => f.withinTolerance !== false)).toBe(true);
    expect(parsed.assumptions.length).toBe(table.assumptions.length);
    expect(parsed.tolerance).toBe(REPRODUCTION_TOLERANCE);
  });

  it('`mvsim calibration --figures` prints the register by document, used or not, and --json the same data', async () => {
    const text = await cli(['calibration', '--figures']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Figures register [0-9a-f]{12}: 97 quantitative statements in 5 documents, 31 used, 66 not used/);
    expect(text.stdout).toContain('001_73ee598deb5f372a.txt: 24 statements, 9 used');
    expect(text.stdout).toContain('  001-11 "the presence of 10,000 Russian companies in Kazakhstan"\n    10,000 Russian companies (2022)\n    used by firms.russianOwnedShare');
    expect(text.stdout).toContain('    not used: Aid is neither investment nor trade');
    const json = await cli(['calibration', '--figures', '--json']);
    const parsed = JSON.parse(json.stdout) as { total: number; used: number; documents: { source: string; figures: { id: string; used: boolean }[] }[] };
    expect([parsed.total, parsed.used]).toEqual([97, 31]);
    expect(parsed.documents.map((d) => d.figures.length)).toEqual([8, 24, 37, 13, 15]);
  });
});

describe('the calibration the build checked (dist/calibration/checked.json)', () => {
  it('is what parsing the shipped file gives, and is used only for a text with its SHA-256', async () => {
    const { nodeEnv } = await import('../src/node/env.js');
    const { sha256 } = await import('../src/io/files.js');
    const env = nodeEnv(ROOT);
    const text = readFileSync(join(ROOT, 'calibration', 'calibration.yaml'), 'utf8');
    const parsed = parseCalibration('calibration.yaml', text);
    if (!parsed.ok) throw new Error('the shipped calibration does not check');
    expect(env.checkedCalibration?.(sha256(text))).toStrictEqual(parsed.calibration);
    expect(env.checkedCalibration?.(sha256(`${text}\n`))).toBeUndefined();
  });

  it('does not hide a mistake in an edited calibration: the edited file is parsed and its error located', async () => {
    const dir = (await import('./_helpers.js')).tempDir();
    const text = readFileSync(join(ROOT, 'calibration', 'calibration.yaml'), 'utf8').replace('trade.substitutionElasticity:\n    value: 4', 'trade.substitutionElasticity:\n    value: -4');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'edited.yaml'), text);
    const r = await cli(['run', join(ROOT, 'scenarios', 'baseline-2022.yaml'), '--calibration', join(dir, 'edited.yaml'), '--out', join(dir, 'never.json')], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/edited\.yaml:\d+:\d+: error OUT_OF_RANGE at parameters\.trade\.substitutionElasticity\.value/);
  });
});
