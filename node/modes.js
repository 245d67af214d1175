'use strict';
// The ways of running the job, each returning a histogram (an array by sum) for `throws` throws on `workers` workers.
// Worker start-up is part of every run, as the article runs it: a new Worker or a new fork per job.
const path = require('path');
const { fork } = require('child_process');
const { Worker } = require('worker_threads');
const { diceRun, split, addInto } = require('./dice');

const WORKER = path.join(__dirname, 'worker.js');

function onThread(workerData) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData });
    worker.once('message', resolve);
    worker.once('error', reject);
    // after a message this rejects nothing; before one, an exit is a failure whatever its code
    worker.once('exit', (code) => reject(new Error(`a worker thread exited with code ${code} before it answered`)));
  });
}

function onProcess(message) {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', resolve);
    child.once('error', reject);
    // 'close' comes after the IPC channel is drained, so a message sent before the exit has been seen by then
    child.once('close', (code) => reject(new Error(`a forked worker exited with code ${code} before it answered`)));
    child.send(message);
  });
}

const modes = {
  // the article's diceRun() on the main thread
  inline: async (throws, dice, sides) => diceRun(throws, dice, sides),
  // the article's new Worker() with workerData and postMessage, one per worker
  'worker_threads': async (throws, dice, sides, workers) =>
    (await Promise.all(split(throws, workers).map((runs) => onThread({ runs, dice, sides })))).reduce(addInto, []),
  // child_process.fork, the job over IPC, one process per worker
  fork: async (throws, dice, sides, workers) =>
    (await Promise.all(split(throws, workers).map((runs) => onProcess({ runs, dice, sides })))).reduce(addInto, []),
  // worker threads adding into one SharedArrayBuffer histogram with Atomics.add
  'shared-array-buffer': async (throws, dice, sides, workers) => {
    const shared = new SharedArrayBuffer(4 * (dice * sides + 1));
    await Promise.all(split(throws, workers).map((runs) => onThread({ runs, dice, sides, shared })));
    return Array.from(new Int32Array(shared));
  },
};

module.exports = { modes, onThread };
