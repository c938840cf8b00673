import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../src/scenario/schema.js';
import { ROOT, SCENARIOS, cli } from './_helpers.js';

describe('scenario JSON Schema', () => {
  it('the shipped schema file is exactly what `mvsim schema` derives from the zod schema (run `npm run schema` after changing it)', async () => {
    const shipped = readFileSync(join(ROOT, 'schema', 'scenario.schema.json'), 'utf8');
    const printed = await cli(['schema']);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(shipped);
    expect(JSON.parse(shipped)).toEqual(scenarioJsonSchema());
  });

  it('lists every parameter id and event type for editors', () => {
    const text = JSON.stringify(scenarioJsonSchema());
    for (const word of ['trade.exports0.RU', 'routeDisruption', 'securityAssurance', 'migrationShock']) expect(text).toContain(word);
  });

  for (const f of readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml'))) {
    it(`${f} starts with the yaml-language-server schema line`, () => {
      expect(readFileSync(join(SCENARIOS, f), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/scenario.schema.json');
    });
  }
});
