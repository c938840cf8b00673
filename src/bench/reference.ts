import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { init, isDone, step, type WorldSpec } from '../engine/world.js';
import { greyByFirm, reExportersOf, stepFirms, TOTALS_LENGTH, type FirmStepContext, type Firms } from '../model/firms.js';
import { PARTNERS } from '../model/ids.js';
import { restoreStream, type StreamState } from '../model/rng.js';
import { PACKAGE_ROOT } from '../io/package.js';

/** The C port of the firm step (bench/reference/firmstep.c). */
export const REFERENCE_SOURCE = join(PACKAGE_ROOT, 'bench', 'reference', 'firmstep.c');

/** The firm step of one real run, recorded month by month so another implementation can replay it. */
export interface CapturedRun {
  readonly n: number;
  /** The firms before the first month (grey trade zero). */
  readonly start: Pick<Firms, 'direction' | 'partner' | 'size' | 'greyMax' | 'invTolerance'>;
  /** The firm-step stream before the first month. */
  readonly stream: StreamState;
  /** What the firms saw each month, in order. */
  readonly contexts: readonly FirmStepContext[];
  /** The firm step's totals each month (months x TOTALS_LENGTH). */
  readonly totals: Float64Array;
  /** After the last month: partners, grey trade per firm, and the stream. */
  readonly end: { readonly partner: Uint8Array; readonly grey: Float64Array; readonly stream: StreamState };
}

/** Runs `spec` through the engine, step by step, recording the firm step's inputs and outputs. */
export function captureRun(spec: WorldSpec): CapturedRun {
  const started = init(spec);
  if (!started.ok) throw new Error(`bench: the run does not start: ${started.issues[0]?.message}`);
  const w = started.world;
  const f = w.firms;
  const start = { direction: Uint8Array.from(f.direction), partner: Uint8Array.from(f.partner), size: Float64Array.from(f.size), greyMax: Float64Array.from(f.greyMax), invTolerance: Float64Array.from(f.invTolerance) };
  const stream = w.rng['firms.step'].state();
  const contexts: FirmStepContext[] = [];
  const totals: number[] = [];
  while (!isDone(w)) {
    const s = step(w);
    if (!s.ok) throw new Error(`bench: the run stopped: ${s.issues[0]?.message}`);
    const c = w.scratch.firmContext;
    contexts.push({ ...c, choice: Float64Array.from(c.choice), volume: Float64Array.from(c.volume) });
    totals.push(...w.scratch.totals);
  }
  return { n: f.n, start, stream, contexts, totals: Float64Array.from(totals), end: { partner: Uint8Array.from(f.partner), grey: greyByFirm(f), stream: w.rng['firms.step'].state() } };
}

/** A fresh copy of the captured run's start firms, ready to step. */
export function startFirms(c: CapturedRun): Firms {
  const { direction, partner, size, greyMax, invTolerance } = c.start;
  return {
    n: c.n,
    direction,
    russianOwned: new Uint8Array(c.n),
    partner: Uint8Array.from(partner),
    size,
    greyMax,
    invTolerance,
    reExporters: reExportersOf(greyMax, invTolerance, new Float64Array(c.n)),
  };
}

/** Replays `months` months of the captured contexts (cycling) with mvsim's own firm step; the loop's seconds and every month's totals. */
export function replayStep(c: CapturedRun, months: number): { seconds: number; totals: Float64Array; partner: Uint8Array; grey: Float64Array } {
  const firms = startFirms(c);
  const rng = restoreStream(c.stream);
  const totals = new Float64Array(months * TOTALS_LENGTH);
  const t0 = performance.now();
  for (let m = 0; m < months; m++) stepFirms(firms, c.contexts[m % c.contexts.length]!, rng, totals.subarray(m * TOTALS_LENGTH, (m + 1) * TOTALS_LENGTH));
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, totals, partner: firms.partner, grey: greyByFirm(firms) };
}

/** The reference program's input file (layout in firmstep.c). */
export function referenceInput(c: CapturedRun): Buffer {
  const NP = PARTNERS.length;
  const parts: Buffer[] = [];
  const doubles = (xs: ArrayLike<number>): Buffer => Buffer.from(Float64Array.from(xs).buffer);
  parts.push(Buffer.from(Uint32Array.of(c.n, c.contexts.length, NP).buffer));
  parts.push(doubles([c.stream.c, c.stream.s0, c.stream.s1, c.stream.s2]));
  for (const x of c.contexts) parts.push(doubles([x.switchProb, x.riskOverMargin, x.greyAdjustment, x.greyScale]), doubles(x.choice), doubles(x.volume));
  parts.push(Buffer.from(c.start.direction), Buffer.from(c.start.partner), doubles(c.start.size), doubles(c.start.greyMax), doubles(c.start.invTolerance), doubles(new Float64Array(c.n)));
  return Buffer.concat(parts);
}

/** Compiles the reference with the system's C compiler (`CC`, else cc) into `dir`; its path, or why not. */
export function compileReference(dir: string): { readonly exe: string } | { readonly why: string } {
  if (!existsSync(REFERENCE_SOURCE)) return { why: `${REFERENCE_SOURCE} is not in this checkout` };
  const cc = process.env['CC'] || 'cc';
  const exe = join(dir, 'firmstep');
  // no -ffast-math and no fused multiply-add: either would change the bits
  const r = spawnSync(cc, ['-O3', '-ffp-contract=off', '-o', exe, REFERENCE_SOURCE, '-lm'], { encoding: 'utf8' });
  if (r.error) return { why: `no C compiler (${cc}: ${r.error.message})` };
  if (r.status !== 0) return { why: `${cc} failed: ${r.stderr.trim()}` };
  return { exe };
}

/** Runs the compiled reference on `input` for `months` months: its loop's seconds, every month's totals and its end state. */
export function runReference(exe: string, input: string, output: string, c: CapturedRun, months: number): { seconds: number; totals: Float64Array; partner: Uint8Array; grey: Float64Array; stream: StreamState } {
  const r = spawnSync(exe, [input, output, String(months)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench: the C reference failed: ${r.stderr || r.error?.message}`);
  const bytes = readFileSync(output);
  const width = months * TOTALS_LENGTH;
  const all = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (width + 4) * 8));
  const partner = Uint8Array.from(bytes.subarray((width + 4) * 8, (width + 4) * 8 + c.n));
  const greyStart = (width + 4) * 8 + c.n;
  const grey = new Float64Array(bytes.buffer.slice(bytes.byteOffset + greyStart, bytes.byteOffset + greyStart + 8 * c.n));
  const s = all.subarray(width);
  return { seconds: Number(r.stdout), totals: all.slice(0, width), partner, grey, stream: { c: s[0]!, s0: s[1]!, s1: s[2]!, s2: s[3]! } };
}

/** Where two float arrays first differ bit for bit (Object.is), or -1. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/**
 * Checks the reference against the captured real run: every month's totals, the
 * partners, the grey trade and the stream after the last month, bit for bit. Returns
 * what differs, or undefined.
 */
export function referenceMismatch(exe: string, dir: string, c: CapturedRun): string | undefined {
  const input = join(dir, `reference-${c.n}.bin`);
  writeFileSync(input, referenceInput(c));
  const months = c.contexts.length;
  const r = runReference(exe, input, join(dir, `reference-${c.n}.out`), c, months);
  const t = firstDifference(r.totals, c.totals);
  if (t >= 0) return `month ${Math.floor(t / TOTALS_LENGTH) + 1}, total ${t % TOTALS_LENGTH}: C ${r.totals[t]} against ${c.totals[t]}`;
  const p = firstDifference(r.partner, c.end.partner);
  if (p >= 0) return `firm ${p}'s partner: C ${r.partner[p]} against ${c.end.partner[p]}`;
  const g = firstDifference(r.grey, c.end.grey);
  if (g >= 0) return `firm ${g}'s grey trade: C ${r.grey[g]} against ${c.end.grey[g]}`;
  if (JSON.stringify(r.stream) !== JSON.stringify(c.end.stream)) return `the stream after the last month: C ${JSON.stringify(r.stream)} against ${JSON.stringify(c.end.stream)}`;
  return undefined;
}
