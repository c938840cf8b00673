import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, SCENARIOS, tempDir } from './_helpers.js';

const BASE = join(SCENARIOS, 'baseline-2022.yaml');
const STRICT = join(SCENARIOS, 'secondary-sanctions-strict.yaml');
const SMALL = ['--firms', '300', '--quiet'];

describe('mvsim report of the uncertainty commands', () => {
  const dir = tempDir();
  let html: string;
  beforeAll(async () => {
    const steps = [
      ['run', STRICT, '--seeds', '1..3', '--out', 'strict.json', ...SMALL],
      ['run', BASE, '--seeds', '1..3', '--out', 'base.json', ...SMALL],
      ['robustness', STRICT, '--against', BASE, '--claim', 'sanctions.greyTrade:final < 0', '--claim', 'sanctions.exposure:final > 0', '--group', 'grey', '--samples', '12', '--seeds', '1', '--out', 'robust.json', ...SMALL],
      ['sensitivity', STRICT, '--against', BASE, '--group', 'grey', '--trajectories', '3', '--seeds', '1', '--out', 'morris.json', ...SMALL],
      ['sensitivity', STRICT, '--against', BASE, '--method', 'sobol', '--params', 'grey.margin', 'trade.bankFriction', '--samples', '8', '--seeds', '1', '--out', 'sobol.json', ...SMALL],
      ['report', 'strict.json', 'base.json', 'robust.json', 'morris.json', 'sobol.json', '--decompose-seeds', '1', '--out', 'report.html'],
    ];
    for (const s of steps) {
      const r = await cli(s, dir);
      expect(r.stderr, s.join(' ')).toBe('');
      expect(r.code).toBe(0);
    }
    html = readFileSync(join(dir, 'report.html'), 'utf8');
  }, 120_000);

  it('prints "How sure are we" beside the comparison the robustness check tests, with each claim\'s share', () => {
    const robust = JSON.parse(readFileSync(join(dir, 'robust.json'), 'utf8'));
    const strict = html.slice(html.indexOf('<section id="strict-json"'), html.indexOf('</section>', html.indexOf('<section id="strict-json"')));
    expect(strict).toContain('<h3>How sure are we</h3>');
    for (const c of robust.claims) expect(strict).toContain(`"${c.claim.replace('>', '&gt;').replace('<', '&lt;')}" holds in ${Number((100 * c.share).toPrecision(3))}% of the plausible assumption space`);
    // not beside the baseline, which the check does not test
    const base = html.slice(html.indexOf('<section id="base-json"'), html.indexOf('</section>', html.indexOf('<section id="base-json"')));
    expect(base).not.toContain('How sure are we');
  });

  it('says how to check a comparison that no robustness result tests', async () => {
    expect((await cli(['report', 'strict.json', 'base.json', '--decompose-seeds', '1', '--out', 'unchecked.html'], dir)).code).toBe(0);
    const page = readFileSync(join(dir, 'unchecked.html'), 'utf8');
    const strict = page.slice(page.indexOf('<section id="strict-json"'), page.indexOf('</section>', page.indexOf('<section id="strict-json"')));
    expect(strict).toMatch(/How sure are we<\/h3><p class="note">Not checked here: the bands below show chance \(the seeds\)/);
  });

  it('draws the robustness shares, a Morris chart per output and Sobol\' bars per output, and states where each claim holds', () => {
    const charts = [...html.matchAll(/<figure class="chart" data-chart="([^"]+)"[^>]*><svg /g)].map((m) => m[1]);
    expect(charts).toContain('robustness');
    expect(charts.filter((c) => c!.startsWith('morris-'))).toHaveLength(3);
    expect(charts.filter((c) => c!.startsWith('sobol-'))).toHaveLength(3);
    expect(html).toMatch(/where it holds \(PRIM\)/);
    expect(html).not.toMatch(/<script|<link|<img|<iframe/i);
  });

  it('writes the same bytes twice', async () => {
    expect((await cli(['report', 'strict.json', 'base.json', 'robust.json', 'morris.json', 'sobol.json', '--decompose-seeds', '1', '--out', 'again.html'], dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'again.html'), 'utf8')).toBe(html);
  });

  it('refuses a robustness result as the baseline', async () => {
    const r = await cli(['report', 'strict.json', 'robust.json', '--baseline', 'robust.json', '--out', 'x.html'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a baseline is a run or an ensemble, not a robustness result/);
  });
});
