/** Progress of long work on a terminal: a bar with count, rate and time left, redrawn in place on stderr. */
export interface Progress {
  tick(done: number): void;
  done(): void;
}

const NONE: Progress = { tick: () => undefined, done: () => undefined };
const BAR_WIDTH = 28;

/** Seconds as m:ss. */
const clock = (s: number): string => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

/** One progress line; pure, so it can be tested. */
export function progressLine(label: string, done: number, total: number, elapsedSeconds: number): string {
  const frac = total > 0 ? done / total : 1;
  const filled = Math.round(frac * BAR_WIDTH);
  const rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
  const eta = rate > 0 ? clock((total - done) / rate) : '-:--';
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total} ${(100 * frac).toFixed(0)}% ${rate.toFixed(1)}/s ETA ${eta}`;
}

/**
 * A progress bar on `write` when `show` is true (stderr is a terminal and --quiet was
 * not given); otherwise nothing at all, so piped output stays clean. Redraws at most
 * ten times a second. `now` is the clock in milliseconds (the edge owns the clock).
 */
export function createProgress(show: boolean, label: string, total: number, write: (t: string) => void, now: () => number): Progress {
  if (!show) return NONE;
  const t0 = now();
  let last = -Infinity;
  let shown = '';
  const draw = (done: number): void => {
    const line = progressLine(label, done, total, (now() - t0) / 1000);
    write(`\r${line}${' '.repeat(Math.max(0, shown.length - line.length))}`);
    shown = line;
  };
  return {
    tick(done) {
      const t = now();
      if (t - last < 100 && done < total) return;
      last = t;
      draw(done);
    },
    done() {
      write('\n');
    },
  };
}
