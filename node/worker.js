'use strict';
// One worker of every offloading mode: a worker thread (workerData in, postMessage out), a forked process (a message
// in, process.send out), or a worker thread adding into a SharedArrayBuffer histogram.
const { diceRun, diceRunIntoShared } = require('./dice');

const threads = require('worker_threads');
if (!threads.isMainThread) {
  const { runs, dice, sides, shared } = threads.workerData;
  if (shared) {
    diceRunIntoShared(runs, dice, sides, new Int32Array(shared));
    threads.parentPort.postMessage(null);
  } else {
    threads.parentPort.postMessage(diceRun(runs, dice, sides));
  }
} else if (process.send) {
  process.once('message', ({ runs, dice, sides }) => {
    process.send(diceRun(runs, dice, sides), () => process.exit(0));
  });
}
