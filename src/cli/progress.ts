/** Progress of long work on a terminal: a bar with count, rate and time left, redrawn in place on stderr. */
export interface Progress {
  tick(done: number): void;
  done(): void;
}

const NONE: Progress = { tick: () => undefined, done: () => undefined };
const BAR_WIDTH = 28;
const MIN_BAR = 10;

/** Seconds as m:ss. */
const clock = (s: number): string => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

/**
 * One progress line, at most `columns - 1` characters wide (so a terminal never wraps
 * it and `\r` redraws it in place); pure, so it can be tested. `rate` is jobs a second
 * over the recent window.
 */
export function progressLine(label: string, done: number, total: number, rate: number, columns = 80): string {
  const frac = total > 0 ? done / total : 1;
  const eta = rate > 0 ? clock((total - done) / rate) : '-:--';
  const tail = ` ${done}/${total} ${(100 * frac).toFixed(0)}% ${rate.toFixed(1)}/s ETA ${eta}`;
  const room = Math.max(0, columns - 1);
  // The counts come first, then a bar of up to BAR_WIDTH (at least MIN_BAR), then the label, shortened from its start.
  if (room < tail.length + MIN_BAR + 4) return tail.trim().slice(0, room);
  const width = Math.max(MIN_BAR, Math.min(BAR_WIDTH, room - label.length - tail.length - 3));
  const labelRoom = room - width - tail.length - 3;
  const shownLabel = label.length <= labelRoom ? label : `…${label.slice(label.length - labelRoom + 1)}`;
  const filled = Math.round(frac * width);
  return `${shownLabel} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}]${tail}`;
}

/** The window over which the rate is measured: recent enough to follow a change of pace. */
const RATE_WINDOW_MS = 10_000;

/**
 * A progress bar on `write` when `show` is true (stderr is a terminal and --quiet was
 * not given); otherwise nothing at all, so piped output stays clean. Redraws at most
 * ten times a second. `now` is the clock in milliseconds (the edge owns the clock).
 */
export function createProgress(show: boolean, label: string, total: number, write: (t: string) => void, now: () => number, columns = 80): Progress {
  if (!show) return NONE;
  let last = -Infinity;
  let shown = '';
  // (time, done) samples of the recent window, oldest first
  const samples: [number, number][] = [[now(), 0]];
  const draw = (done: number): void => {
    const t = now();
    samples.push([t, done]);
    while (samples.length > 2 && t - samples[1]![0] >= RATE_WINDOW_MS) samples.shift();
    const [t0, d0] = samples[0]!;
    const rate = t > t0 ? ((done - d0) * 1000) / (t - t0) : 0;
    const line = progressLine(label, done, total, rate, columns);
    write(`\r${line}${' '.repeat(Math.max(0, shown.length - line.length))}`);
    shown = line;
  };
  return {
    tick(done) {
      const t = now();
      if (t - last < 100 && done > 0 && done < total) return;
      last = t;
      draw(done);
    },
    done() {
      write('\n');
    },
  };
}
