import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { figuresProblems, parseFigures, registerSummary, type ParsedFigures, type RegisterContext } from '../src/calibration/figures.js';
import { CalibrationFileSchema, type CalibrationFile } from '../src/calibration/schema.js';

// This file reads the calibration through its schema only (not the loader), so the
// register is checked against the documents and the calibration's text whatever state
// the model is in.
const ROOT = resolve(import.meta.dirname, '..');
const CAL = join(ROOT, 'calibration');
const read = (...p: string[]) => readFileSync(join(CAL, ...p), 'utf8');

const documents = new Map(readdirSync(join(CAL, 'sources')).map((f) => [f, read('sources', f)]));
const parameters = CalibrationFileSchema.parse(parse(read('calibration.yaml'))).parameters;
const parsedRegister = parseFigures('calibration/figures.yaml', read('figures.yaml'));
if (!parsedRegister.ok) throw new Error(`figures.yaml does not parse: ${parsedRegister.issues.map((i) => `${i.line}:${i.column} ${i.message}`).join('; ')}`);
const register = parsedRegister.figures;
const figures = Object.entries(register.file.figures);
const summary = registerSummary(register.file);
const context: RegisterContext = { documents, parameters, scenarioExists: (s) => existsSync(join(ROOT, 'scenarios', s)) };

/** The counts in docs/research/document-figures.md §5: statements per document, and which the calibration quotes. */
const EXPECTED = { total: 97, used: 31, notUsed: 66, perDocument: { '000': 8, '001': 24, '002': 37, '003': 13, '004': 15 } };

describe(`figures register: ${EXPECTED.total} statements, ${EXPECTED.used} used, ${EXPECTED.notUsed} not used`, () => {
  it('holds every statement of the inventory, document by document, with the counts by status', () => {
    expect({ total: summary.total, used: summary.used, notUsed: summary.notUsed }).toEqual({ total: EXPECTED.total, used: EXPECTED.used, notUsed: EXPECTED.notUsed });
    expect(Object.fromEntries(summary.documents.map((d) => [d.source.slice(0, 3), d.total]))).toEqual(EXPECTED.perDocument);
    expect(summary.documents.map((d) => d.source)).toEqual([...documents.keys()].sort());
  });

  for (const [id, f] of figures) {
    it(`${id}: "${f.quote.slice(0, 60)}" appears verbatim in ${f.source}`, () => {
      expect(f.source.slice(0, 3)).toBe(id.slice(0, 3));
      expect(documents.get(f.source)).toContain(f.quote);
    });
  }

  it('names only parameters that exist in the calibration, and each of them quotes the figure', () => {
    for (const [id, f] of figures) {
      for (const p of f.usedBy ?? []) {
        expect(parameters, `${id} usedBy ${p}`).toHaveProperty([p]);
        expect(JSON.stringify(parameters[p]), `${id}: ${p} quotes it`).toContain(JSON.stringify(f.quote).slice(1, -1));
      }
    }
  });

  it('covers the quote of every calibrated parameter with an entry that lists it', () => {
    const calibrated = Object.entries(parameters).filter(([, e]) => 'calibrated' in e);
    expect(calibrated.length).toBeGreaterThan(0);
    for (const [id, e] of calibrated) {
      if (!('calibrated' in e)) continue;
      const covering = figures.filter(([, f]) => f.source === e.calibrated.source && e.calibrated.quote.includes(f.quote) && f.usedBy?.includes(id));
      expect(covering.length, id).toBeGreaterThan(0);
    }
  });

  it('names only shipped scenarios in usedIn', () => {
    for (const [id, f] of figures) for (const s of f.usedIn ?? []) expect(existsSync(join(ROOT, 'scenarios', s)), `${id} usedIn ${s}`).toBe(true);
  });

  it('agrees with the documents and the calibration in every check the CLI makes', () => {
    expect(figuresProblems(register, context).map((i) => i.message)).toEqual([]);
  });
});

describe('figuresProblems', () => {
  const source = '001_test.txt';
  const doc = 'Kazakhstan has 19 million people and 10,000 Russian companies.';
  const registerOf = (figuresYaml: string): ParsedFigures => {
    const r = parseFigures('figures.yaml', `version: 1\nfigures:\n${figuresYaml}`);
    if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('; '));
    return r.figures;
  };
  const calibrationOf = (entries: CalibrationFile['parameters']): RegisterContext => ({ documents: new Map([[source, doc]]), parameters: entries });
  const population: CalibrationFile['parameters'] = {
    'demography.population': { value: 19e6, unit: 'people', calibrated: { source, quote: 'has 19 million people', documentedValue: 19e6, year: 2022 } },
    'firms.count': { value: 100, unit: 'agents', assumption: { rationale: 'A resolution setting, no source.', range: [10, 1000] } },
  };
  const problems = (figuresYaml: string, entries = population) => figuresProblems(registerOf(figuresYaml), calibrationOf(entries));
  const entry = (id: string, quote: string, status: string) => `  ${id}:\n    source: ${source}\n    quote: "${quote}"\n    value: 1\n    ${status}\n`;

  it('accepts a register that matches', () => {
    expect(problems(entry('001-01', '19 million people', 'usedBy: [demography.population]') + entry('001-02', '10,000 Russian companies', 'notUsed: Not a model quantity here.'))).toEqual([]);
  });

  it('reports a quote that is not verbatim, located at the quote', () => {
    const [p, ...rest] = problems(entry('001-01', '19 million people', 'usedBy: [demography.population]') + entry('001-02', '10.000 Russian companies', 'notUsed: Not a model quantity here.'));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ code: 'PROVENANCE_MISMATCH', path: ['figures', '001-02', 'quote'], line: 10, column: 12 });
    expect(p!.message).toBe('001-02: the quote is not verbatim in 001_test.txt: "10.000 Russian companies"');
  });

  it('reports an entry that is both used and not used, or neither', () => {
    const msgs = problems(entry('001-01', '19 million people', 'usedBy: [demography.population]\n    notUsed: Also not used, oddly.') + entry('001-02', '10,000 Russian companies', 'note: no status')).map((i) => i.message);
    expect(msgs).toEqual([
      '001-01: give usedBy or usedIn (the figure is used) or notUsed (why it is not), not both',
      '001-02: give usedBy or usedIn (the figure is used) or notUsed (why it is not), not neither',
    ]);
  });

  it('reports an unknown parameter, with a suggestion, and a parameter that does not quote the figure', () => {
    const issues = problems(entry('001-01', '19 million people', 'usedBy: [demography.populaton, firms.count]'));
    expect(issues.map((i) => [i.message, i.suggestion])).toEqual([
      ['001-01: unknown parameter "demography.populaton" in usedBy', 'demography.population'],
      ['001-01: firms.count is listed in usedBy but its calibration entry does not quote "19 million people"', undefined],
      ['001-01: quoted by demography.population in the calibration but not listed in usedBy', undefined],
      ['The calibrated parameter demography.population quotes 001_test.txt, but no register entry of that document with usedBy demography.population has a quote within "has 19 million people"', undefined],
    ]);
  });

  it('reports a usedIn scenario that is not shipped', () => {
    const r = registerOf(entry('001-01', '19 million people', 'usedBy: [demography.population]\n    usedIn: [nowhere.yaml]'));
    expect(figuresProblems(r, { ...calibrationOf(population), scenarioExists: () => false }).map((i) => [i.message, i.path])).toEqual([
      ['001-01: no shipped scenario nowhere.yaml', ['figures', '001-01', 'usedIn', 0]],
    ]);
  });

  it('reports a calibrated parameter whose quote no entry covers, and an id that names another document', () => {
    const msgs = problems(entry('002-01', '10,000 Russian companies', 'notUsed: Not a model quantity here.')).map((i) => i.message);
    expect(msgs).toEqual([
      '002-01: the id names document 002 but the source is 001_test.txt',
      'The calibrated parameter demography.population quotes 001_test.txt, but no register entry of that document with usedBy demography.population has a quote within "has 19 million people"',
    ]);
  });
});
