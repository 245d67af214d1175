'use strict';
// The checks and summaries the .NET study applies to its own figures.

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// The exact distribution of the sum of `dice` dice with `sides` sides, by convolution.
function exactDistribution(dice, sides) {
  let probabilities = [1];
  for (let d = 0; d < dice; d++) {
    const next = new Array(probabilities.length + sides).fill(0);
    probabilities.forEach((p, sum) => {
      for (let face = 1; face <= sides; face++) next[sum + face] += p / sides;
    });
    probabilities = next;
  }
  return probabilities;
}

// Pearson's chi-square of the histogram against the exact distribution, and its degrees of freedom.
function chiSquare(histogram, throws, dice, sides) {
  const exact = exactDistribution(dice, sides);
  let statistic = 0;
  for (let sum = dice; sum <= dice * sides; sum++) {
    const expected = throws * exact[sum];
    const observed = histogram[sum] || 0;
    statistic += ((observed - expected) ** 2) / expected;
  }
  return { statistic, degreesOfFreedom: dice * (sides - 1) };
}

// The chance that a chi-square variable with an even number of degrees of freedom exceeds x, in closed form:
// e^(-x/2) times the first df/2 terms of the series of e^(x/2).
function chiSquareSurvival(x, degreesOfFreedom) {
  if (degreesOfFreedom % 2 !== 0) throw new Error(`the closed form needs even degrees of freedom, not ${degreesOfFreedom}`);
  let term = 1;
  let sum = 1;
  for (let i = 1; i < degreesOfFreedom / 2; i++) {
    term *= x / 2 / i;
    sum += term;
  }
  return Math.exp(-x / 2) * sum;
}

// The point the statistic exceeds with probability alpha, by bisection on the survival function.
function chiSquareCritical(degreesOfFreedom, alpha) {
  let low = 0;
  let high = 10 * degreesOfFreedom + 100;
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (chiSquareSurvival(mid, degreesOfFreedom) > alpha) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

// Throws unless the histogram holds every throw once.
function checkTotal(histogram, throws) {
  const total = histogram.reduce((sum, count) => sum + (count || 0), 0);
  if (total !== throws) throw new Error(`the histogram counts ${total} throws, not ${throws}`);
}

// Pearson's statistic of the histogram, or null where some sum is expected fewer than five times (the test's rule).
function fit(histogram, throws, dice, sides) {
  if (throws * Math.min(...exactDistribution(dice, sides).slice(dice)) < 5) return null;
  return chiSquare(histogram, throws, dice, sides).statistic;
}

// Throws unless the pooled histogram of one mode fits the exact distribution at level alpha. Each mode is tested
// once, on every throw it made, rather than each run: hundreds of tests at 0.1% would fail a correct program now and then.
function checkFit(histogram, throws, dice, sides, alpha, what) {
  const { statistic, degreesOfFreedom } = chiSquare(histogram, throws, dice, sides);
  const critical = chiSquareCritical(degreesOfFreedom, alpha);
  if (statistic > critical) throw new Error(`chi-square ${statistic.toFixed(2)} of ${what} rejects the exact distribution of ${dice}d${sides} at the ${alpha} level (critical ${critical.toFixed(2)})`);
  return statistic;
}

// Lateness of each beat, with the beats a stalled loop missed filled in one interval apart, as HdrHistogram's
// RecordValueWithExpectedInterval does for the .NET scenario.
function withMissedBeats(latenessesMs, intervalMs) {
  const samples = [];
  for (const lateness of latenessesMs) {
    samples.push(lateness);
    for (let missed = lateness - intervalMs; missed >= intervalMs; missed -= intervalMs) samples.push(missed);
  }
  return samples;
}

function percentile(values, p) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

module.exports = { median, chiSquare, chiSquareCritical, checkTotal, fit, checkFit, withMissedBeats, percentile, exactDistribution };
