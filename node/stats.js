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

// The upper 0.1% points of the chi-square distribution, for the degrees of freedom the study uses (2d6, 3d8).
const CRITICAL_AT_ONE_PER_MILLE = { 10: 29.588, 21: 46.797 };

// Throws unless the histogram holds every throw once and, where every sum is expected at least five times (the
// chi-square test's rule), fits the exact distribution at the 0.1% level. Returns the statistic, or null when untested.
function check(histogram, throws, dice, sides) {
  const total = histogram.reduce((sum, count) => sum + (count || 0), 0);
  if (total !== throws) throw new Error(`the histogram counts ${total} throws, not ${throws}`);
  if (throws * Math.min(...exactDistribution(dice, sides).slice(dice)) < 5) return null;
  const { statistic, degreesOfFreedom } = chiSquare(histogram, throws, dice, sides);
  const critical = CRITICAL_AT_ONE_PER_MILLE[degreesOfFreedom];
  if (critical === undefined) throw new Error(`no chi-square critical value for ${degreesOfFreedom} degrees of freedom`);
  if (statistic > critical) throw new Error(`chi-square ${statistic.toFixed(2)} rejects the exact distribution of ${dice}d${sides} at the 0.1% level`);
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

module.exports = { median, chiSquare, check, withMissedBeats, percentile, exactDistribution };
