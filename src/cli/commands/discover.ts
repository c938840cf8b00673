import type { Discovery } from '../../analysis/discover.js';
import { runDiscover } from '../../app/discover.js';
import { canonicalJson } from '../../model/canonicalJson.js';
import { failed, type Context } from '../context.js';
import { EXIT_OK } from '../io.js';
import { formatTable } from '../table.js';
import { claimOf } from './robustness.js';

export interface DiscoverCliArgs {
  readonly result: string;
  readonly where: string;
  readonly minCoverage: number;
  readonly box?: number | undefined;
  readonly json: boolean;
}

const fmt = (v: number): string => String(Number(v.toPrecision(3)));
const pct = (v: number): string => `${Number((100 * v).toPrecision(3))}%`;

/** `mvsim discover`: PRIM over a design's points, for the region where a condition on the outputs holds. */
export function discoverCommand(ctx: Context, args: DiscoverCliArgs): number {
  const where = claimOf(args.where, '--where');
  const statisticGiven = /:(final|mean)\s*(>=|<=|>|<)/.test(args.where);
  const r = runDiscover(ctx.env, { result: args.result, where, statisticGiven, minCoverage: args.minCoverage, box: args.box });
  if (!r.ok) return failed(ctx, r.issues);
  const d = r.discovery;
  if (args.json) {
    ctx.io.stdout(`${canonicalJson({ kind: 'discovery', result: args.result, method: 'PRIM (Friedman and Fisher 1999): peeling 5% at a time to a box of at least 5% of the points; the box taken (the densest with at least the minimum coverage, or --box) is pasted, then restrictions with a quasi-p-value above 0.05 are lifted one at a time', ...d }, 1)}\n`);
    return EXIT_OK;
  }
  ctx.io.stdout(text(args.result, r.kind, r.factors, d, args.minCoverage, args.box));
  return EXIT_OK;
}

/** The discovery for people: the trade-off along the trajectory, the box, and the sentence. */
function text(file: string, kind: string, factors: number, d: Discovery, minCoverage: number, box: number | undefined): string {
  const every = Math.max(1, Math.ceil(d.trajectory.length / 10));
  const shown = d.trajectory.map((b, i) => ({ b, i })).filter(({ i }) => i % every === 0 || i === d.chosen || i === d.trajectory.length - 1);
  const rows = shown.map(({ b, i }) => [`${i}${i === d.chosen ? ' *' : ''}`, pct(b.coverage), pct(b.density), pct(b.mass), String(b.restricted.length)]);
  const limits = d.rules.map((r) => [r.factor, r.lower === null ? '' : fmt(r.lower), r.upper === null ? '' : fmt(r.upper), fmt(r.densityLoss), fmt(r.pValue)]);
  return [
    `PRIM over ${d.points} points of ${file} (${kind}, ${factors} factors): "${d.where}" holds at ${d.cases} (${pct(d.cases / d.points)}).`,
    '',
    'Peeling trajectory (* the box taken: ' + (box !== undefined ? `box ${box}` : `the densest with coverage ≥ ${pct(minCoverage)}`) + '):',
    formatTable(['box', 'coverage', 'density', 'mass', 'restricted'], rows),
    '',
    `The box after pasting, with the ${d.lifted} restriction${d.lifted === 1 ? '' : 's'} the sample does not support lifted (quasi-p-value > 0.05):`,
    d.rules.length ? formatTable(['factor', 'at least', 'at most', 'density lost if lifted', 'quasi-p'], limits) : '(no restriction)',
    '',
    d.sentence,
    '',
  ].join('\n');
}
