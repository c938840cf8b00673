/*
 * A reference C port of mvsim's firm step (stepFirms in src/model/firms.ts), with the
 * two functions it calls: Alea, the seeded generator (seedrandom's alea.js, Johannes
 * Baagøe's algorithm), and fdlibm's exp as ported in src/model/portableMath.ts. It is
 * the yardstick of `npm run bench`, section 1: the same arithmetic in the same order,
 * so that for the same firms, contexts and stream state it gives the same totals bit
 * for bit, and the bench checks that it does before it compares speeds.
 *
 * Build: cc -O3 -ffp-contract=off -o firmstep firmstep.c
 * (no -ffast-math and no fused multiply-add: either would change the bits.)
 *
 * Usage: firmstep INPUT OUTPUT MONTHS
 *   INPUT, written by the bench (little-endian, no padding):
 *     uint32 n, uint32 contexts, uint32 partners (np)
 *     double alea[4]                      c, s0, s1, s2 of the firms.step stream
 *     per context: double switchProb, riskOverMargin, greyAdjustment, greyScale,
 *                  double choice[2 (np - 1)], double volume[2 np]
 *     uint8 direction[n], uint8 partner[n],
 *     double size[n], greyMax[n], invTolerance[n], grey[n]
 *   Runs MONTHS months, month m with context m mod contexts, and writes to OUTPUT the
 *   totals of every month (MONTHS x (2 np + 1) doubles), the stream state after the
 *   last month (4 doubles) and the firms' partners and grey trade after it. Prints the
 *   loop's wall time in seconds (CLOCK_MONOTONIC, reading and writing excluded).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct { double c, s0, s1, s2; } Alea;

/* seedrandom's alea.js: t = 2091639 s0 + c 2^-32; s0 = s1; s1 = s2; s2 = t - (c = t | 0). */
static inline double alea_next(Alea *a) {
  double t = 2091639.0 * a->s0 + a->c * 2.3283064365386963e-10;
  a->s0 = a->s1;
  a->s1 = a->s2;
  a->c = (double)(int32_t)t; /* t is in [0, 2091640): ToInt32 is truncation */
  a->s2 = t - a->c;
  return a->s2;
}

/* fdlibm e_exp.c as ported in src/model/portableMath.ts, operation for operation. */
static const double LN2_HI = 6.93147180369123816490e-1, LN2_LO = 1.90821492927058770002e-10, INV_LN2 = 1.44269504088896338700e0;
static const double P1 = 1.66666666666666019037e-1, P2 = -2.77777777770155933842e-3, P3 = 6.61375632143793436117e-5,
                    P4 = -1.65339022054652515390e-6, P5 = 4.13813679705723846039e-8;
static double POW2[2201];

static void pow2_init(void) {
  POW2[1100] = 1;
  for (int k = 1; k <= 1100; k++) {
    POW2[1100 + k] = POW2[1100 + k - 1] * 2;
    POW2[1100 - k] = POW2[1100 - k + 1] / 2;
  }
}

static inline double scale2(double x, int k) {
  if (k > 1000) return x * POW2[1100 + 1000] * POW2[1100 + k - 1000];
  if (k < -1000) return x * POW2[1100 - 1000] * POW2[1100 + k + 1000];
  return x * POW2[1100 + k];
}

static double portable_exp(double x) {
  if (x != x) return x;
  if (x > 7.09782712893383973096e2) return INFINITY;
  if (x < -7.45133219101941108420e2) return 0;
  double ax = x < 0 ? -x : x, hi = 0, lo = 0;
  int k = 0;
  if (ax > 0.34657359027997264) {
    if (ax < 1.0397207708399179) {
      hi = x < 0 ? x + LN2_HI : x - LN2_HI;
      lo = x < 0 ? -LN2_LO : LN2_LO;
      k = x < 0 ? -1 : 1;
    } else {
      k = (int)trunc(INV_LN2 * x + (x < 0 ? -0.5 : 0.5));
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (ax < 3.725290298461914e-9) {
    return 1 + x;
  }
  double t = x * x;
  double c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1 - ((x * c) / (c - 2) - x);
  double y = 1 - (lo - (x * c) / (2 - c) - hi);
  return scale2(y, k);
}

typedef struct {
  double switchProb, riskOverMargin, greyAdjustment, greyScale;
  double *choice, *volume;
} Context;

/* stepFirms, line for line. */
static void step_firms(uint32_t n, uint32_t np, const uint8_t *direction, uint8_t *partner, const double *size,
                       const double *greyMax, const double *invTolerance, double *grey, const Context *ctx, Alea *rng,
                       double *totals) {
  const double ps = ctx->switchProb, rom = ctx->riskOverMargin, adj = ctx->greyAdjustment, sc = ctx->greyScale;
  const double *choice = ctx->choice, *volume = ctx->volume;
  for (uint32_t k = 0; k < 2 * np + 1; k++) totals[k] = 0;
  double greyTotal = 0;
  for (uint32_t i = 0; i < n; i++) {
    double v = alea_next(rng);
    uint32_t dir = direction[i];
    uint32_t p = partner[i];
    if (v < ps) {
      double w = v / ps;
      uint32_t base = dir * (np - 1);
      p = 0;
      while (p < np - 1 && w >= choice[base + p]) p++;
      partner[i] = (uint8_t)p;
    }
    uint32_t k = dir * np + p;
    totals[k] = totals[k] + size[i] * volume[k];
    double gm = greyMax[i];
    if (gm > 0) {
      double g = grey[i];
      g += adj * (gm * sc * portable_exp(-rom * invTolerance[i]) - g);
      grey[i] = g;
      greyTotal += g;
    }
  }
  totals[2 * np] = greyTotal;
}

static void *read_or_die(FILE *f, size_t bytes) {
  void *p = malloc(bytes ? bytes : 1);
  if (!p || fread(p, 1, bytes, f) != bytes) {
    fprintf(stderr, "firmstep: short input\n");
    exit(2);
  }
  return p;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: firmstep INPUT OUTPUT MONTHS\n");
    return 2;
  }
  pow2_init();
  FILE *in = fopen(argv[1], "rb");
  if (!in) { perror(argv[1]); return 2; }
  uint32_t *head = read_or_die(in, 3 * sizeof(uint32_t));
  uint32_t n = head[0], nc = head[1], np = head[2];
  if (nc == 0 || np < 2) { fprintf(stderr, "firmstep: bad header\n"); return 2; }
  double *state = read_or_die(in, 4 * sizeof(double));
  Alea rng = {state[0], state[1], state[2], state[3]};
  Context *ctx = malloc(nc * sizeof(Context));
  for (uint32_t c = 0; c < nc; c++) {
    double *s = read_or_die(in, 4 * sizeof(double));
    ctx[c].switchProb = s[0];
    ctx[c].riskOverMargin = s[1];
    ctx[c].greyAdjustment = s[2];
    ctx[c].greyScale = s[3];
    ctx[c].choice = read_or_die(in, 2 * (np - 1) * sizeof(double));
    ctx[c].volume = read_or_die(in, 2 * np * sizeof(double));
  }
  uint8_t *direction = read_or_die(in, n), *partner = read_or_die(in, n);
  double *size = read_or_die(in, n * sizeof(double)), *greyMax = read_or_die(in, n * sizeof(double));
  double *invTolerance = read_or_die(in, n * sizeof(double)), *grey = read_or_die(in, n * sizeof(double));
  fclose(in);

  long months = atol(argv[3]);
  size_t width = 2 * np + 1;
  double *totals = calloc((size_t)months * width + 1, sizeof(double));
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long m = 0; m < months; m++)
    step_firms(n, np, direction, partner, size, greyMax, invTolerance, grey, &ctx[m % nc], &rng, totals + m * width);
  clock_gettime(CLOCK_MONOTONIC, &t1);

  FILE *out = fopen(argv[2], "wb");
  if (!out) { perror(argv[2]); return 1; }
  double end[4] = {rng.c, rng.s0, rng.s1, rng.s2};
  if (fwrite(totals, sizeof(double), months * width, out) != months * width || fwrite(end, sizeof(double), 4, out) != 4 ||
      fwrite(partner, 1, n, out) != n || fwrite(grey, sizeof(double), n, out) != n || fclose(out) != 0) {
    fprintf(stderr, "firmstep: cannot write %s\n", argv[2]);
    return 1;
  }
  printf("%.9f\n", (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9);
  return 0;
}
