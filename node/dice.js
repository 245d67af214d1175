'use strict';
// The article's job, as the article writes it: Math.random(), one die at a time, a sparse array of counts by sum.
function diceRun(runs, dice, sides) {
  const stat = [];
  while (runs > 0) {
    let sum = 0;
    for (let i = dice; i > 0; i--) {
      sum += Math.floor(Math.random() * sides) + 1;
    }
    stat[sum] = (stat[sum] || 0) + 1;
    runs--;
  }
  return stat;
}

// The shared-memory variant adds its counts into one histogram shared by every worker; a chunk of throws is
// counted locally first, then added with one Atomics.add per sum, as the .NET shared-memory workers add per chunk.
const CHUNK = 65536;

function diceRunIntoShared(runs, dice, sides, shared) {
  while (runs > 0) {
    const n = Math.min(runs, CHUNK);
    const stat = diceRun(n, dice, sides);
    for (let sum = dice; sum <= dice * sides; sum++) {
      if (stat[sum]) Atomics.add(shared, sum, stat[sum]);
    }
    runs -= n;
  }
}

// Throws split between workers as evenly as whole numbers allow.
function split(throws, workers) {
  const base = Math.floor(throws / workers);
  return Array.from({ length: workers }, (_, i) => base + (i < throws % workers ? 1 : 0)).filter((n) => n > 0);
}

// Adds one histogram (array by sum) into another.
function addInto(total, part) {
  part.forEach((count, sum) => {
    if (count) total[sum] = (total[sum] || 0) + count;
  });
  return total;
}

module.exports = { diceRun, diceRunIntoShared, split, addInto, CHUNK };
