import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './_helpers.js';

// docs/teaching.md run as a student would, top to bottom, in a fresh folder: every
// command must succeed (no collisions), every number in a "What you should see" block
// must be printed by the commands before it, and every number an exercise's prose
// quotes must be printed by its commands or an earlier exercise's — to the digits
// quoted — or be one of the derived or contextual numbers listed below with where it
// comes from. A model change that
// moves a quoted number fails this test until the course says what the model now says.

const COURSE = readFileSync(join(ROOT, 'docs', 'teaching.md'), 'utf8');
const FENCES = [...COURSE.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, body: m[2]!, line: COURSE.slice(0, m.index).split('\n').length }));

/** Numbers the prose quotes that no command prints as such, each with where it comes from. */
const DERIVED: Readonly<Record<string, string>> = {
  '89': 'the number of assumptions with a range, counted in the setup command\'s list',
  '59%': 'exercise 2: 1 − 0.06508 / 0.1577, grey trade\'s fall in the compare table',
  '0.0047': 'exercise 2: −0.0028 + −0.0019, the EU and US parts explain prints',
  '68.5': 'exercise 2: the share 68.5% written without its % in a sum',
  '91.5': 'exercise 2: the share 91.5% written without its % in a sum',
  '60%': 'exercise 2: 68.5 + 91.5 − 100, the sum written out in the text',
  '80': 'exercise 3: quoted from document 002 ("around 80 per cent")',
  '1%': 'exercise 3: the threshold of a claim, 0.056 Mt of 5.633',
  '0.1%': 'exercise 3: the threshold of a claim, USD 0.025 bn of non-oil exports',
  '46%': 'exercise 3: 2.572 / 5.633 from the compare table',
  '0.01%': 'exercise 3: the non-oil exports change relative to their level in the compare table',
  '4.51': 'exercise 3: 0.8 × 5.633, the CPC\'s share times the baseline volume, written out in the text',
  '1.38': 'exercise 3: the other Russian routes\' share times 2.572, from the compare table',
  '0.113': 'exercise 3: China\'s share times 5.633 in the baseline, from the compare table',
  '0.118': 'exercise 3: the Trans-Caspian share times 2.572, from the compare table',
  '3.6': 'exercise 3: 4.51 − 0.93, what the CPC cannot carry',
  '23%': 'exercise 3: 1.372 / 1.112, the Trans-Caspian capacity indices at the end in the compare table',
  '117': 'exercise 3: the oil price, oil.price0 in mvsim calibration',
  '2023': 'exercise 6: a year',
  '0.05%': 'exercise 7: the claim\'s bound, 0.0005 of the index',
  '64': 'exercise 9: N, the Sobol\' base sample of the command',
  '32': 'exercise 9: N of the convergence table\'s middle block',
};

/**
 * Numeric tokens of a text, without dates, document names, section numbers, inline
 * code, engine versions and month-year dates; signed (the output shown is copied with
 * its signs), or as magnitudes (prose says "falls by 0.42").
 */
function numbers(text: string, signed = false): string[] {
  const stripped = text
    .replace(/`[^`]*`/g, ' ')
    .replace(/\b\d{4}-\d{2}\b/g, ' ')
    .replace(/\d{3}_[0-9a-f]{16}\.txt/g, ' ')
    .replace(/§\d+(\.\d+)*/g, ' ')
    .replace(/\b(January|February|March|April|May|June|July|August|September|October|November|December) (19|20)\d\d\b/g, ' ')
    .replace(/\bengine \d+\.\d+\.\d+/g, ' ');
  const tokens = (stripped.match(/[-+−]?\d+(?:[.,]\d+)*%?/g) ?? []).map((t) => t.replace('−', '-').replace(/,/g, '').replace(/^\+/, ''));
  return signed ? tokens : tokens.map((t) => t.replace(/^-/, ''));
}

const decimals = (n: string): number => (n.replace('%', '').split('.')[1] ?? '').length;

/** Whether `quoted` is one of `printed`, or one of them written to fewer digits (0.30 for 0.3016). */
function isPrinted(quoted: string, printed: ReadonlySet<string>, values: { plain: number[]; pct: number[] }): boolean {
  if (printed.has(quoted)) return true;
  const pct = quoted.endsWith('%');
  const x = Number(quoted.replace('%', ''));
  const d = decimals(quoted);
  return (pct ? values.pct : values.plain).some((y) => Math.abs(y - x) <= 0.5 * 10 ** -d + 1e-12);
}

describe('docs/teaching.md runs as written (issue 15)', () => {
  const blocks: { line: number; status: number | null; output: string }[] = [];

  beforeAll(() => {
    const dir = tempDir();
    symlinkSync(join(ROOT, 'scenarios'), join(dir, 'scenarios'));
    // `npx mvsim` is this checkout's CLI; `npm install` has been done
    const shim = `set -e\nnpm() { [ "$1" = install ] || command npm "$@"; }\nnpx() { if [ "$1" = mvsim ]; then shift; ${JSON.stringify(process.execPath)} ${JSON.stringify(join(ROOT, 'dist', 'cli', 'bin.js'))} "$@"; else command npx "$@"; fi; }\n`;
    for (const f of FENCES.filter((x) => x.lang === 'sh')) {
      const r = spawnSync('bash', ['-c', shim + f.body], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
      blocks.push({ line: f.line, status: r.status, output: `${r.stdout}\n${r.stderr}` });
    }
  }, 900_000);

  it('every command block succeeds in order, on a fresh folder', () => {
    expect(blocks.length).toBeGreaterThan(20);
    for (const b of blocks) expect(b.status, `the block at docs/teaching.md:${b.line}:\n${b.output.slice(-2000)}`).toBe(0);
  });

  it('every number of a "What you should see" block is printed by the commands before it', () => {
    let sh = -1;
    for (const f of FENCES) {
      if (f.lang === 'sh') sh++;
      else if (sh >= 0) {
        const printed = new Set(numbers(blocks[sh]!.output, true));
        const missing = [...new Set(numbers(f.body, true))].filter((n) => !printed.has(n));
        expect(missing, `the output shown at docs/teaching.md:${f.line}`).toEqual([]);
      }
    }
  });

  it('every number an exercise quotes is printed by its commands or an earlier exercise\'s, to the digits quoted, or derived as listed', () => {
    // the course's sections (the introduction, then exercises 1 to 9), each with the commands inside it
    const starts = [1, ...COURSE.split('\n').flatMap((l, i) => (l.startsWith('## ') ? [i + 1] : []))];
    const sectionOf = (line: number): number => starts.filter((s) => s <= line).length - 1;
    const setup = blocks[0]!.output;
    const lines = COURSE.split('\n');
    const quotedAll = new Set<string>();
    const unprinted: Record<string, string[]> = {};
    starts.forEach((start, k) => {
      const end = starts[k + 1] ?? lines.length + 1;
      const prose = lines.slice(start - 1, end - 1).join('\n').replace(/```[\s\S]*?```/g, ' ');
      // the introduction explains how to read what the exercises print, with their numbers
      const output = k === 0 ? blocks.map((b) => b.output).join('\n') : [setup, ...blocks.filter((b) => sectionOf(b.line) <= k).map((b) => b.output)].join('\n');
      const printed = new Set(numbers(output));
      const values = { plain: [...printed].filter((p) => !p.endsWith('%')).map(Number), pct: [...printed].filter((p) => p.endsWith('%')).map((p) => Number(p.slice(0, -1))) };
      const quoted = [...new Set(numbers(prose))].filter((n) => !/^\d$/.test(n)); // single digits: counts and exercise numbers
      quoted.forEach((n) => quotedAll.add(n));
      const missing = quoted.filter((n) => !isPrinted(n, printed, values) && !(n in DERIVED));
      if (missing.length) unprinted[`docs/teaching.md:${start}`] = missing;
    });
    expect(unprinted, 'numbers of a section (by its first line) that its commands do not print').toEqual({});
    // the list holds nothing the course no longer quotes
    expect(Object.keys(DERIVED).filter((n) => !quotedAll.has(n))).toEqual([]);
    expect(quotedAll.size).toBeGreaterThan(300);
  });
});
