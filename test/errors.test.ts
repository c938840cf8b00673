import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ISSUE_CODES } from '../src/input/issues.js';
import { cli, tempDir } from './_helpers.js';

const GOOD = 'name: ok\nhorizon: 6\n';

/** Writes files into a fresh folder, runs `mvsim run` on the first, and checks the contract for bad input. */
async function bad(files: Record<string, string | Buffer>, entry = Object.keys(files)[0]!) {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const r = await cli(['run', entry, '--out', 'out.json'], dir);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no stack trace
  expect(existsSync(join(dir, 'out.json'))).toBe(false);
  expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  const v = await cli(['validate', entry], dir);
  expect(v.code).toBe(2);
  return r.stderr;
}

describe('bad input: exit 2, file:line:col and field path, nothing written', () => {
  it('YAML syntax error', async () => {
    const e = await bad({ 's.yaml': 'name: x\nevents: [\n  {type: coercion\n' });
    expect(e).toMatch(/s\.yaml:\d+:\d+: error YAML_SYNTAX/);
  });

  it('unknown key, with a suggestion', async () => {
    const e = await bad({ 's.yaml': 'name: x\nhorizn: 12\n' });
    expect(e).toContain('s.yaml:2:1: error UNKNOWN_KEY at horizn: Unknown key "horizn"');
    expect(e).toContain('(did you mean "horizon"?)');
    expect(e).toContain('   2 | horizn: 12\n     | ^');
  });

  it('unknown key inside an event, with a suggestion', async () => {
    const e = await bad({ 's.yaml': 'name: x\nevents:\n  - type: coercion\n    by: RU\n    chanel: security\n    intensity: 0.5\n    at: 3\n' });
    expect(e).toContain('s.yaml:5:5: error UNKNOWN_KEY at events[0].chanel');
    expect(e).toContain('did you mean "channel"?');
  });

  it('wrong type', async () => {
    const e = await bad({ 's.yaml': 'name: x\nhorizon: "twelve"\n' });
    expect(e).toContain('s.yaml:2:10: error INVALID_TYPE at horizon: Wrong type at horizon: expected number, got the string "twelve"');
  });

  it('value out of range', async () => {
    const e = await bad({ 's.yaml': 'name: x\nevents:\n  - { type: enforcement, by: US, level: 1.5, at: 2 }\n' });
    expect(e).toMatch(/s\.yaml:3:\d+: error OUT_OF_RANGE at events\[0\]\.level: Out of range at events\[0\]\.level: expected at most 1, got number 1.5/);
  });

  it('missing required field', async () => {
    expect(await bad({ 's.yaml': 'horizon: 12\n' })).toContain('error MISSING_FIELD at name');
  });

  it('unknown event type, with a suggestion', async () => {
    const e = await bad({ 's.yaml': 'name: x\nevents:\n  - type: coersion\n    at: 3\n' });
    expect(e).toContain('s.yaml:3:11: error UNKNOWN_EVENT_TYPE at events[0].type: Unknown event type "coersion"');
    expect(e).toContain('did you mean "coercion"?');
  });

  it('unknown parameter override, with a suggestion', async () => {
    const e = await bad({ 's.yaml': 'name: x\nparameters:\n  trade.exports0.RUS: 0.3\n' });
    expect(e).toContain('error UNKNOWN_KEY at parameters.trade.exports0.RUS');
    expect(e).toContain('did you mean "trade.exports0.RU"?');
  });

  it('parameter override outside its hard bounds', async () => {
    expect(await bad({ 's.yaml': 'name: x\nparameters:\n  routes.oilShare0.cpc: 2\n' })).toContain('error OUT_OF_RANGE at parameters.routes.oilShare0.cpc');
  });

  it('parameter overrides whose shares no longer add up', async () => {
    expect(await bad({ 's.yaml': 'name: x\nparameters:\n  kz.alignment0.RU: 0.6\n' })).toMatch(/s\.yaml:3:3: error OUT_OF_RANGE at parameters\.kz\.alignment0\.RU: With this scenario's overrides, Kazakhstan's start posture/);
    // an override inherited through extends is located in the parent that sets it
    const inherited = await bad({ 'p.yaml': 'name: p\nparameters:\n  routes.oilShare0.china: 0.9\n', 'c.yaml': 'name: c\nextends: p.yaml\n' }, 'c.yaml');
    expect(inherited).toMatch(/p\.yaml:3:3: error OUT_OF_RANGE at parameters\.routes\.oilShare0\.china: With this scenario's overrides/);
  });

  it('extends cycle', async () => {
    const e = await bad({ 'a.yaml': 'name: a\nextends: b.yaml\n', 'b.yaml': 'name: b\nextends: a.yaml\n' });
    expect(e).toMatch(/b\.yaml:2:10: error EXTENDS_CYCLE at extends: extends forms a cycle: .*a\.yaml -> .*b\.yaml -> .*a\.yaml/);
  });

  it('extends a missing parent', async () => {
    expect(await bad({ 'a.yaml': 'name: a\nextends: nowhere.yaml\n' })).toContain('a.yaml:2:10: error EXTENDS_MISSING at extends');
  });

  it('errors in a parent are reported in the parent file', async () => {
    expect(await bad({ 'a.yaml': 'name: a\nextends: p.yaml\n', 'p.yaml': 'name: p\nhorizon: -1\n' })).toContain('p.yaml:2:10: error OUT_OF_RANGE at horizon');
  });

  it('empty file', async () => {
    expect(await bad({ 's.yaml': '  \n\n' })).toContain('s.yaml:1:1: error EMPTY_FILE');
  });

  it('a document that is not a mapping', async () => {
    expect(await bad({ 's.yaml': '- just\n- a list\n' })).toContain('s.yaml:1:1: error NOT_A_MAPPING');
    expect(await bad({ 's.yaml': '42\n' })).toContain('got a number');
  });

  it('binary garbage', async () => {
    expect(await bad({ 's.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0x01]) })).toContain('s.yaml:1:1: error BINARY_FILE');
    expect(await bad({ 's.yaml': Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xc3, 0x28]) })).toContain('not valid UTF-8');
  });

  it('oversized file', async () => {
    expect(await bad({ 's.yaml': `name: x\ndescription: "${'a'.repeat(1_100_000)}"\n` })).toContain('error FILE_TOO_LARGE');
  });

  it('alias bomb', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) bomb.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9).fill(`*${'abcdefghij'[i - 1]}`).join(',')}]`);
    expect(await bad({ 's.yaml': `name: x\n${bomb.join('\n')}\n` })).toMatch(/s\.yaml:\d+:\d+: error ALIAS_LIMIT/);
  });

  it('duplicate keys', async () => {
    expect(await bad({ 's.yaml': 'name: x\nhorizon: 12\nhorizon: 24\n' })).toContain('s.yaml:3:1: error DUPLICATE_KEY');
  });

  it('condition naming an unknown variable, with a suggestion', async () => {
    const e = await bad({ 's.yaml': 'name: x\nevents:\n  - { type: oilPrice, factor: 0.5, when: "kz.complience < 0.5" }\n' });
    expect(e).toContain('error EXPRESSION_UNKNOWN_NAME at events[0].when: Unknown name "kz.complience"');
    expect(e).toContain('did you mean "kz.compliance"?');
  });

  it.each([
    ['assignment', 'x = 1'],
    ['a function definition', 'f(x) = x'],
    ['import', 'import({})'],
    ['evaluate', 'evaluate("1")'],
    ['createUnit', 'createUnit("foo")'],
    ['parse', 'parse("1")'],
    ['strings', '"a" == "a"'],
    ['bracket indexing', 'kz["compliance"] > 0'],
  ])('condition with %s is refused', async (_what, expr) => {
    expect(await bad({ 's.yaml': `name: x\nevents:\n  - type: oilPrice\n    factor: 0.5\n    when: '${expr}'\n` })).toMatch(/s\.yaml:5:11: error EXPRESSION_(FORBIDDEN|UNKNOWN_NAME)/);
  });

  it.each([
    ['import', 'import({}) > 0'],
    ['evaluate', 'evaluate("1") > 0'],
  ])('a disabled function (%s) is EXPRESSION_FORBIDDEN, as docs/ERRORS.md says', async (_what, expr) => {
    expect(await bad({ 's.yaml': `name: x\nevents:\n  - type: oilPrice\n    factor: 0.5\n    when: '${expr}'\n` })).toMatch(/s\.yaml:5:11: error EXPRESSION_FORBIDDEN/);
  });

  it.each([
    ['no arguments to max', 'max() > 0', /max takes at least 1 argument; got 0/],
    ['two arguments to sqrt', 'sqrt(month, 2) > 0', /sqrt takes 1 argument; got 2/],
    ['three arguments to log', 'log(month, 2, 3) > 0', /log takes 1 or 2 arguments; got 3/],
    ['too many digits for round', 'round(month, 16) > 0', /round's second argument must be a whole number of digits from 0 to 15/],
    ['digits for round that are not a constant', 'round(month, month) > 0', /round's second argument/],
  ])('a condition with %s is refused at validate (EXPRESSION_ARGUMENTS)', async (_what, expr, message) => {
    const e = await bad({ 's.yaml': `name: x\nevents:\n  - type: oilPrice\n    factor: 0.5\n    when: '${expr}'\n` });
    expect(e).toMatch(/s\.yaml:5:11: error EXPRESSION_ARGUMENTS/);
    expect(e).toMatch(message);
  });

  it.each([
    ['the square root of a negative number', 'sqrt(kz.alignment.RU - 1) > 0', /sqrt of a negative number/],
    ['the logarithm of a negative number', 'log(-1) > 0', /log of a number that is not positive/],
    ['a logarithm to base 1', 'log(month + 1, 1) > 0', /log with base 1/],
    ['a division by zero that a comparison would hide', '1/(month - month) > 0', /division by zero \(1 \/ 0\)/],
    ['an overflow compared', '10^(400 + month) > 1', /> compares a value that is not a finite number \(Infinity > 1\)/],
  ])('a condition that fails in a month of the run (%s) stops it with exit 2, naming the event, month and reason', async (_what, expr, message) => {
    const dir = tempDir();
    writeFileSync(join(dir, 's.yaml'), `name: x\nhorizon: 6\nfirms: 50\nevents:\n  - { id: probe, type: oilPrice, factor: 0.5, when: '${expr}' }\n`);
    expect((await cli(['validate', 's.yaml'], dir)).code).toBe(0);
    for (const args of [['run', 's.yaml', '--out', 'out.json'], ['run', 's.yaml', '--seeds', '1..3', '--out', 'out.json'], ['sweep', 's.yaml', '--vary', 'parameters.kz.choiceTemperature=0.1,0.2', '--seeds', '1..2', '--out', 'out.json']]) {
      const r = await cli(args, dir);
      expect(r.code, r.stderr).toBe(2);
      // located where the condition is written, once per problem
      expect(r.stderr).toMatch(/^s\.yaml:5:\d+: error EXPRESSION_RUNTIME at events\[0\]\.when: .*condition of event probe/);
      expect(r.stderr).not.toMatch(/seed 1: seed 1/);
      expect(r.stderr).toMatch(/2022-04/);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(join(dir, 'out.json'))).toBe(false);
    }
  });

  it('a condition of a parent scenario that fails in a run is located in the parent file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'parent.yaml'), `name: p\nhorizon: 6\nfirms: 50\nevents:\n  - { type: oilPrice, factor: 0.9, at: 2 }\n  - id: probe\n    type: oilPrice\n    factor: 0.5\n    when: 'log(-1) > 0'\n`);
    writeFileSync(join(dir, 'child.yaml'), `extends: parent.yaml\nname: c\nevents:\n  - { type: oilPrice, factor: 0.8, at: 3 }\n`);
    for (const args of [['run', 'child.yaml', '--out', 'out.json'], ['run', 'child.yaml', '--seeds', '1..2', '--out', 'out.json']]) {
      const r = await cli(args, dir);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^parent\.yaml:9:11: error EXPRESSION_RUNTIME at events\[1\]\.when: /);
      expect(existsSync(join(dir, 'out.json'))).toBe(false);
    }
  });

  it('condition that does not parse', async () => {
    expect(await bad({ 's.yaml': 'name: x\nevents:\n  - { type: oilPrice, factor: 0.5, when: "kz.compliance <" }\n' })).toContain('error EXPRESSION_SYNTAX at events[0].when');
  });

  it('event timing: none, two, or a month before the start', async () => {
    expect(await bad({ 's.yaml': 'name: x\nevents:\n  - { type: oilPrice, factor: 0.5 }\n' })).toContain('error EVENT_TIMING at events[0]: Event 1 (oilPrice) needs exactly one of at, from or when; it has none');
    expect(await bad({ 's.yaml': 'name: x\nevents:\n  - { type: oilPrice, factor: 0.5, at: 2, when: "month > 3" }\n' })).toContain('it has at and when');
    expect(await bad({ 's.yaml': 'name: x\nevents:\n  - { type: oilPrice, factor: 0.5, at: "2021-01" }\n' })).toContain('error MONTH_OUT_OF_RANGE at events[0].at');
    expect(await bad({ 's.yaml': 'name: x\nevents:\n  - { type: oilPrice, factor: 0.5, at: "2022-13" }\n' })).toContain('error INVALID_VALUE at events[0].at');
  });

  it('collects every problem, not only the first', async () => {
    const e = await bad({ 's.yaml': 'name: x\nhorizn: 1\nseeds: [1, -2]\nfirms: 0\n' });
    expect(e).toContain('UNKNOWN_KEY');
    expect(e).toContain('OUT_OF_RANGE at seeds[1]');
    expect(e).toContain('OUT_OF_RANGE at firms');
    expect(e).toContain('3 errors');
  });

  it('a missing scenario file', async () => {
    const dir = tempDir();
    const r = await cli(['run', 'nope.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.yaml:1:1: error FILE_NOT_FOUND');
  });

  it('an event after the end is a warning, not an error', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 's.yaml'), 'name: x\nhorizon: 3\nfirms: 50\nevents:\n  - { type: oilPrice, factor: 0.5, at: "2030-01" }\n');
    const r = await cli(['run', 's.yaml', '--out', 'o.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning MONTH_OUT_OF_RANGE');
    expect(GOOD).toBeTruthy();
  });

  it('every issue code is documented in docs/ERRORS.md', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'ERRORS.md'), 'utf8');
    for (const code of ISSUE_CODES) expect(doc, code).toContain(`\`${code}\``);
  });
});

describe('bounded cost and bounded values', () => {
  it('fifty stacked oil-price events cannot push the price past five times its level', async () => {
    const dir = tempDir();
    const events = Array.from({ length: 50 }, () => '  - { type: oilPrice, factor: 5, from: 1 }').join('\n');
    writeFileSync(join(dir, 's.yaml'), `name: s\nhorizon: 3\nfirms: 50\nevents:\n${events}\n`);
    const r = await cli(['run', 's.yaml', '--out', 'r.json'], dir);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { series: Record<string, number[]> };
    const p0 = doc.series['oil.price']![0]!;
    expect(doc.series['oil.price']![1]).toBe(p0 * 5);
    expect(Math.max(...doc.series['economy.gdpIndex']!)).toBeLessThan(3);
  });

  it('a scenario over the event-month budget is refused at its events, before it runs', async () => {
    const events = Array.from({ length: 600 }, (_, i) => `  - { type: greyDemand, premium: 0.001, when: "month > ${i % 10}", repeat: true }`).join('\n');
    const e = await bad({ 's.yaml': `name: s\nhorizon: 120\nevents:\n${events}\n` });
    expect(e).toMatch(/s\.yaml:3:1: error BUDGET_EXCEEDED at events: 600 events over 120 months is 72000 event-months; the budget is 60000/);
  });
});

describe('one clean line per problem', () => {
  it('a missing event type or power is MISSING_FIELD naming the field', async () => {
    expect(await bad({ 's.yaml': 'name: x\nevents:\n  - { at: 2, by: US, level: 0.5 }\n' })).toMatch(/s\.yaml:3:5: error MISSING_FIELD at events\[0\]\.type: Missing required field events\[0\]\.type: expected one of enforcement, /);
    expect(await bad({ 's.yaml': 'name: x\nevents:\n  - { type: enforcement, at: 2, level: 0.5 }\n' })).toMatch(/error MISSING_FIELD at events\[0\]\.by: Missing required field events\[0\]\.by: expected one of EU, US/);
  });

  it('NaN is named as not a finite number, with its path', async () => {
    expect(await bad({ 's.yaml': 'name: x\nhorizon: .nan\n' })).toMatch(/error INVALID_TYPE at horizon: Wrong type at horizon: expected number, got NaN, which is not a finite number/);
  });

  it('newlines and terminal escape sequences in a key are shown escaped, on one line', async () => {
    const e = await bad({ 's.yaml': 'name: x\n"bad\\nkey\\u001b[31m": 1\n' });
    expect(e).not.toMatch(/\u001b/);
    expect(e).toContain('error UNKNOWN_KEY at bad\\nkey\\u001b[31m: Unknown key "bad\\nkey\\u001b[31m"');
    expect(e.split('\n').filter((l) => l.includes(': error '))).toHaveLength(1);
  });

  it('nesting hundreds of levels deep is NESTING_TOO_DEEP, located, not a stack overflow', async () => {
    const e = await bad({ 's.yaml': `name: x\nparameters: ${'['.repeat(900)}${']'.repeat(900)}\n` });
    expect(e).toMatch(/s\.yaml:2:\d+: error NESTING_TOO_DEEP/);
    expect(e).not.toMatch(/call stack/i);
  });
});
