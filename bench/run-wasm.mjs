// The standard-workload benchmark in WebAssembly under Node: the wasm twin of `warren-bench`.
//
//   node bench/run-wasm.mjs --pkg DIR [--messages N] [--json]
//
// DIR holds `wasm-bindgen --target nodejs` output for the wasm32 build of src/bin/warren-bench.rs
// (scripts/bench.sh makes it). As natively, each phase (throughput, queued, floor) runs in a
// fresh child process, so its peak memory is its own; the wall clock is `performance.now()`
// around one call into wasm, after a warm-up run that lets V8 tier the code up.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const USAGE = 'usage: node bench/run-wasm.mjs --pkg DIR [--messages N] [--json] | --pkg DIR --phase throughput|queued|floor [--messages N] [--ops N]';

function parse(argv) {
  const args = { pkg: null, phase: null, messages: 1_000_000, ops: null, json: false };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value\n${USAGE}`);
      return argv[++i];
    };
    const number = () => {
      const text = value().replaceAll('_', '');
      if (!/^\d+$/.test(text)) throw new Error(`'${text}' is not a whole number`);
      return Number(text);
    };
    switch (argv[i]) {
      case '--pkg': args.pkg = resolve(value()); break;
      case '--phase': args.phase = value(); break;
      case '--messages': args.messages = number(); break;
      case '--ops': args.ops = number(); break;
      case '--json': args.json = true; break;
      default: throw new Error(USAGE);
    }
  }
  if (!args.pkg) throw new Error(USAGE);
  return args;
}

function load(pkg) {
  return createRequire(import.meta.url)(`${pkg}/warren-bench.js`);
}

function summaryOf(text) {
  const summary = JSON.parse(text);
  if (summary.error) throw new Error(`workload failed: ${summary.error}`);
  return summary;
}

function timed(call) {
  const start = performance.now();
  const result = call();
  return { result, seconds: (performance.now() - start) / 1000 };
}

// Runs `call` `repeats` times; the best and the median time, and the last result.
function repeated(repeats, call) {
  const seconds = [];
  let result;
  for (let i = 0; i < repeats; i++) {
    const run = timed(call);
    seconds.push(run.seconds);
    if (result !== undefined && run.result !== result) throw new Error('a repeat gave a different result');
    result = run.result;
  }
  seconds.sort((a, b) => a - b);
  return { result, best: seconds[0], median: seconds[Math.floor(seconds.length / 2)] };
}

function memory(bench) {
  return {
    peak_heap_bytes: bench.bench_peak_heap_bytes(),
    allocations: bench.bench_allocations(),
    wasm_memory_bytes: bench.bench_memory_bytes(),
    peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
  };
}

function runPhase({ pkg, phase, messages, ops }) {
  const bench = load(pkg);
  switch (phase) {
    case 'throughput': {
      summaryOf(bench.bench_throughput(bench.bench_warmup_messages()));
      bench.bench_reset_peak();
      const repeats = bench.bench_repeats();
      const { result, best, median } = repeated(repeats, () => bench.bench_throughput(messages));
      const summary = summaryOf(result);
      const mem = memory(bench);
      mem.allocations /= repeats;
      return {
        phase, seconds: best, seconds_median: median,
        deliveries_per_sec: summary.deliveries / best, deliveries_per_sec_median: summary.deliveries / median,
        ...mem, summary,
      };
    }
    case 'queued': {
      bench.bench_reset_peak();
      const { result, seconds } = timed(() => bench.bench_queued(messages));
      const summary = summaryOf(result);
      const mem = memory(bench);
      return { phase, seconds, ...mem, bytes_per_message: mem.peak_heap_bytes / Math.max(messages, 1), summary };
    }
    case 'floor': {
      const n = ops ?? messages;
      bench.bench_floor(Math.floor(n / 10));
      const { result, best, median } = repeated(bench.bench_repeats(), () => bench.bench_floor(n));
      return { phase, ops: n, seconds: best, ops_per_sec: n / best, ops_per_sec_median: n / median, checksum: result };
    }
    default:
      throw new Error(`unknown phase '${phase}'\n${USAGE}`);
  }
}

function child(pkg, ...args) {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--pkg', pkg, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out);
}

function printTable(all) {
  const { throughput: t, queued: q, floor: f } = all;
  const mb = (b) => (b == null ? '-' : `${(b / 1e6).toFixed(1)} MB`);
  const s = t.summary;
  console.log(`warren-bench (wasm in Node ${process.version})`);
  console.log(`  throughput  ${s.published} messages, ${s.deliveries} deliveries (${s.expired} expired to dead-letter) in ${t.seconds.toFixed(3)} s`);
  console.log(`  deliveries/s          ${Math.round(t.deliveries_per_sec).toString().padStart(14)}   (best; median ${Math.round(t.deliveries_per_sec_median)})`);
  console.log(`  VecDeque floor ops/s  ${Math.round(f.ops_per_sec).toString().padStart(14)}`);
  console.log(`  peak heap, throughput ${mb(t.peak_heap_bytes).padStart(14)}   (linear memory ${mb(t.wasm_memory_bytes)}, peak RSS ${mb(t.peak_rss_bytes)})`);
  console.log(`  peak heap, 1M queued  ${mb(q.peak_heap_bytes).padStart(14)}   (${Math.round(q.bytes_per_message)} B/message; linear memory ${mb(q.wasm_memory_bytes)}, peak RSS ${mb(q.peak_rss_bytes)})`);
  console.log(`  allocations per delivery (throughput) ${(t.allocations / Math.max(s.deliveries, 1)).toFixed(1)}`);
  console.log(`  trace ${s.trace}`);
}

function main() {
  const args = parse(process.argv.slice(2));
  if (args.phase) {
    console.log(JSON.stringify(runPhase(args)));
    return;
  }
  const throughput = child(args.pkg, '--phase', 'throughput', '--messages', String(args.messages));
  const queued = child(args.pkg, '--phase', 'queued', '--messages', String(args.messages));
  const floor = child(args.pkg, '--phase', 'floor', '--ops', String(throughput.summary.deliveries));
  const all = { platform: 'wasm', node: process.version, throughput, queued, floor };
  if (args.json) console.log(JSON.stringify(all));
  else printTable(all);
}

try {
  main();
} catch (e) {
  console.error(`run-wasm: ${e.message}`);
  process.exit(2);
}
