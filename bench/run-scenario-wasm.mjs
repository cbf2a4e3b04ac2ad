// The simulated-clients benchmark in WebAssembly under Node: runs a scenario file through
// `bench_scenario` (src/bin/warren-bench.rs, wasm32 build bound with `wasm-bindgen --target
// nodejs`) and prints simulated seconds per wall-clock second, best and median of N runs after a
// warm-up, plus the ledger's headline numbers (the same as `warren-cli run FILE --speed` natively).
//
//   node bench/run-scenario-wasm.mjs --pkg DIR FILE.json [--runs N]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const USAGE = 'usage: node bench/run-scenario-wasm.mjs --pkg DIR FILE.json [--runs N]';
const args = { pkg: null, file: null, runs: 5 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--pkg') args.pkg = resolve(argv[++i]);
  else if (argv[i] === '--runs') args.runs = Number(argv[++i]);
  else args.file = argv[i];
}
if (!args.pkg || !args.file || !(args.runs >= 1)) {
  console.error(USAGE);
  process.exit(2);
}
const bench = createRequire(import.meta.url)(`${args.pkg}/warren-bench.js`);
const text = readFileSync(args.file, 'utf8');
const once = () => {
  const start = performance.now();
  const out = JSON.parse(bench.bench_scenario(text));
  const seconds = (performance.now() - start) / 1000;
  if (out.error) throw new Error(out.error);
  return { out, speed: out.simulated_ms / 1000 / seconds };
};
once(); // warm-up: lets V8 tier the code up
const runs = Array.from({ length: args.runs }, once);
const speeds = runs.map((r) => r.speed).sort((a, b) => a - b);
const g = runs[runs.length - 1].out.guarantees;
console.log(JSON.stringify({
  file: args.file,
  simulated_s_per_wall_s: { best: Math.round(speeds[speeds.length - 1]), median: Math.round(speeds[Math.floor(speeds.length / 2)]) },
  published: g.published, processed: g.processed, lost: g.lost, faults: g.faults,
}));
