// Prints the combined table of scripts/bench.sh from the two JSON results:
//
//   node bench/report.mjs NATIVE.json WASM.json
//
// NATIVE.json is `warren-bench --json`, WASM.json is `node bench/run-wasm.mjs --json`.
// Exits with 1 when the two runs disagree (different traces: not the same simulation).
import { readFileSync } from 'node:fs';
import os from 'node:os';

const TARGET_NATIVE_PER_SEC = 5_000_000;
const TARGET_WASM_RATIO = 0.5;
const TARGET_QUEUED_BYTES = 200e6;

const [nativeFile, wasmFile] = process.argv.slice(2);
if (!nativeFile || !wasmFile) {
  console.error('usage: node bench/report.mjs NATIVE.json WASM.json');
  process.exit(2);
}
const native = JSON.parse(readFileSync(nativeFile, 'utf8'));
const wasm = JSON.parse(readFileSync(wasmFile, 'utf8'));

const int = (n) => (n == null ? '-' : Math.round(n).toLocaleString('en-US'));
const mb = (b) => (b == null ? '-' : `${(b / 1e6).toFixed(1)} MB`);
const mark = (ok) => (ok ? 'ok' : 'MISSED');
const perDelivery = (r) => (r.throughput.allocations / Math.max(r.throughput.summary.deliveries, 1)).toFixed(1);

const s = native.throughput.summary;
const ratio = wasm.throughput.deliveries_per_sec / native.throughput.deliveries_per_sec;
const rows = [
  ['', 'native', 'wasm (Node)', 'target'],
  ['deliveries/s (best)', int(native.throughput.deliveries_per_sec), int(wasm.throughput.deliveries_per_sec),
    `native >= ${int(TARGET_NATIVE_PER_SEC)}: ${mark(native.throughput.deliveries_per_sec >= TARGET_NATIVE_PER_SEC)}`],
  ['deliveries/s (median)', int(native.throughput.deliveries_per_sec_median), int(wasm.throughput.deliveries_per_sec_median), ''],
  ['wasm/native ratio (best)', '', ratio.toFixed(2), `>= ${TARGET_WASM_RATIO}: ${mark(ratio >= TARGET_WASM_RATIO)}`],
  ['VecDeque floor push+pop/s', int(native.floor.ops_per_sec), int(wasm.floor.ops_per_sec), 'best'],
  ['throughput run, seconds', native.throughput.seconds.toFixed(3), wasm.throughput.seconds.toFixed(3), 'best'],
  ['peak heap, throughput run', mb(native.throughput.peak_heap_bytes), mb(wasm.throughput.peak_heap_bytes), ''],
  ['allocations per delivery', perDelivery(native), perDelivery(wasm), ''],
  ['peak heap, 1M queued', mb(native.queued.peak_heap_bytes), mb(wasm.queued.peak_heap_bytes),
    `< ${mb(TARGET_QUEUED_BYTES)}: ${mark(Math.max(native.queued.peak_heap_bytes, wasm.queued.peak_heap_bytes) < TARGET_QUEUED_BYTES)}`],
  ['  bytes per queued message', int(native.queued.bytes_per_message), int(wasm.queued.bytes_per_message), ''],
  ['  peak RSS of the process', mb(native.queued.peak_rss_bytes), mb(wasm.queued.peak_rss_bytes), 'wasm: whole Node process'],
  ['  wasm linear memory', '', mb(wasm.queued.wasm_memory_bytes), ''],
];
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
const line = (r) => r.map((cell, c) => (c === 0 || c === 3 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   ').trimEnd();

const same = s.trace === wasm.throughput.summary.trace;
console.log(`Warren standard workload: ${int(s.published)} messages -> ${int(s.deliveries)} deliveries, ` +
  `${int(s.expired)} expired into the dead-letter queue, ${int(s.virtual_ms)} virtual ms`);
console.log(`${new Date().toISOString().slice(0, 10)}, best and median of ${native.repeats ?? '?'} timed runs after a warm-up, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${wasm.node}, single thread`);
console.log(`load average now ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on the machine slows both runs)`);
console.log('');
for (const r of rows) console.log(line(r));
console.log('');
console.log(`trace native ${s.trace}, wasm ${wasm.throughput.summary.trace}: ${same ? 'the same run' : 'DIFFERENT RUNS'}`);
process.exit(same ? 0 : 1);
