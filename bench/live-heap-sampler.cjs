// Preload (`node --expose-gc -r ./bench/live-heap-sampler.cjs dist/bench/run.js …`): the live heap, the largest
// heapUsed right after a forced full GC, sampled every 2 s and printed at exit. Peak heap and RSS also count
// the garbage V8 has not collected yet; this counts what is still referenced.
let max = 0;
const timer = setInterval(() => {
  global.gc();
  max = Math.max(max, process.memoryUsage().heapUsed);
}, 2000);
timer.unref();
process.on('exit', () =>
  process.stderr.write(`Live heap, largest after a full GC: ${(max / 2 ** 20).toFixed(0)} MiB\n`),
);
