#!/usr/bin/env node
'use strict';
// The Node.js article's dice job on this machine, measured as the .NET study measures its strategies: each figure
// after a warm-up run, repeated, reported as a median with its spread, every mode's throws tested against the exact
// distribution; and the article's timer demo with a 1 ms
// setInterval while the job runs inline, then on a worker. Prints one JSON document (schema: node/README.md).
//
//   node bench.js [--throws 1e6,1e8] [--break-even 1e1,...,1e8] [--repeat 5] [--workers N] [--heartbeat-throws 1e8]
//   node bench.js --quick        a small job, every code path once (CI)
const os = require('os');
const { modes, onThread } = require('./modes');
const { median, checkTotal, fit, checkFit, withMissedBeats, percentile } = require('./stats');
const { addInto } = require('./dice');

// every throw each mode made, for one chi-square test per mode at the end
const pooled = {};

const DICE = 2;
const SIDES = 6;

function parse(argv) {
  const options = { throws: [1e6, 1e8], breakEven: [1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8], repeat: 5, workers: os.availableParallelism(), heartbeatThrows: 1e8 };
  const count = (name, text) => {
    const value = Number(text);
    // the shared histogram's bins are 32-bit: no job may put more throws than that into one sum
    if (!Number.isSafeInteger(value) || value < 1 || value > 2147483647) throw new UsageError(`${name} takes whole numbers from 1 to 2147483647 (1e8 is accepted); got '${text}'`);
    return value;
  };
  for (let i = 2; i < argv.length; i++) {
    const name = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new UsageError(`${name} needs a value`);
      return argv[++i];
    };
    if (name === '--quick') Object.assign(options, { throws: [2e5], breakEven: [1e3, 1e5], repeat: 2, heartbeatThrows: 2e6 });
    else if (name === '--throws') options.throws = value().split(',').map((t) => count(name, t));
    else if (name === '--break-even') options.breakEven = value().split(',').map((t) => count(name, t));
    else if (name === '--repeat') options.repeat = count(name, value());
    else if (name === '--workers') options.workers = count(name, value());
    else if (name === '--heartbeat-throws') options.heartbeatThrows = count(name, value());
    else throw new UsageError(`unknown option '${name}'; the options are --throws, --break-even, --repeat, --workers, --heartbeat-throws and --quick`);
  }
  return options;
}

class UsageError extends Error {}

// A warm-up run, then `repeat` timed runs; every histogram must hold every throw, and joins its mode's pool.
async function measure(mode, throws, workers, repeat) {
  const timesMs = [];
  let chiSquare = null;
  for (let i = 0; i <= repeat; i++) {
    const start = process.hrtime.bigint();
    const histogram = await modes[mode](throws, DICE, SIDES, workers);
    const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
    checkTotal(histogram, throws);
    chiSquare = fit(histogram, throws, DICE, SIDES);
    pooled[mode] ??= { histogram: [], throws: 0 };
    addInto(pooled[mode].histogram, histogram);
    pooled[mode].throws += throws;
    timesMs.push(Math.round(elapsedMs * 1000) / 1000);
  }
  const warm = timesMs.slice(1);
  const round = (v) => (v === null ? null : Math.round(v * 1000) / 1000);
  return { mode, workers, throws, coldMs: timesMs[0], medianMs: round(median(warm)), minMs: Math.min(...warm), maxMs: Math.max(...warm), timesMs: warm, chiSquare: round(chiSquare) };
}

// The article's demo: a 1 ms setInterval while the job runs, on the main thread or on one worker thread.
async function heartbeat(where, throws) {
  const intervalMs = 1;
  const latenesses = [];
  let due = performance.now() + intervalMs;
  const timer = setInterval(() => {
    const now = performance.now();
    latenesses.push(Math.max(0, now - due));
    due = now + intervalMs; // like setInterval itself: a late beat is not made up for
  }, intervalMs);
  await new Promise((resolve) => setTimeout(resolve, 100));
  latenesses.length = 0;
  const start = performance.now();
  if (where === 'inline') {
    checkTotal(await modes.inline(throws, DICE, SIDES), throws); // diceRun blocks the loop until it returns
  } else {
    checkTotal(await onThread({ runs: throws, dice: DICE, sides: SIDES }), throws);
  }
  const elapsedMs = performance.now() - start;
  // the beat that ran once the job was over belongs to it: a blocked loop runs it late by the whole job
  await new Promise((resolve) => setTimeout(resolve, 5 * intervalMs));
  clearInterval(timer);
  const samples = withMissedBeats(latenesses, intervalMs);
  const ms = (v) => Math.round(v * 1000) / 1000;
  return { where, intervalMs, throws, elapsedMs: ms(elapsedMs), beats: latenesses.length, samples: samples.length, p50LatenessMs: ms(percentile(samples, 50)), p99LatenessMs: ms(percentile(samples, 99)), maxLatenessMs: ms(Math.max(0, ...latenesses)) };
}

async function main() {
  const options = parse(process.argv);
  const counts = [...new Set([1, options.workers])];
  const runs = [];
  for (const throws of options.throws) {
    for (const workers of counts) {
      for (const mode of Object.keys(modes)) {
        if (mode === 'inline' && workers !== 1) continue;
        runs.push(await measure(mode, throws, workers, options.repeat));
      }
    }
  }
  // a size the runs above measured already (the article's job on every core) is taken from them, not measured twice
  const breakEven = [];
  for (const throws of options.breakEven) {
    for (const mode of Object.keys(modes)) {
      const workers = mode === 'inline' ? 1 : options.workers;
      breakEven.push(runs.find((r) => r.mode === mode && r.throws === throws && r.workers === workers) ?? (await measure(mode, throws, workers, options.repeat)));
    }
  }
  const heartbeats = [await heartbeat('inline', options.heartbeatThrows), await heartbeat('worker', options.heartbeatThrows)];
  // one test per mode on all its throws, at 0.1% for the program as a whole (Bonferroni over the modes)
  const alpha = 0.001 / Object.keys(pooled).length;
  const fits = Object.fromEntries(Object.entries(pooled).map(([mode, p]) => [mode, Math.round(checkFit(p.histogram, p.throws, DICE, SIDES, alpha, `every ${mode} run`) * 1000) / 1000]));
  const document = {
    schemaVersion: 1,
    node: process.version,
    v8: process.versions.v8,
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? null,
    startedUtc: new Date().toISOString(),
    dice: DICE,
    sides: SIDES,
    repetitions: options.repeat,
    runs,
    breakEven,
    heartbeats,
    fits,
  };
  process.stdout.write(JSON.stringify(document, null, 2) + '\n');
}

main().catch((error) => {
  process.stderr.write(`node bench: ${error.message}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
