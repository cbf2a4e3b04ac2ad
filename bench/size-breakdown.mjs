// What the page's code bytes are: binds the release wasm as cargo leaves it with wasm-bindgen (as
// trunk does), then runs `twiggy top` (a dev tool: `cargo install twiggy`) on it before wasm-opt,
// so function names are still there (wasm-opt -Oz later shrinks everything by about a third), and
// sums the code and data by crate, by module of this crate, and by kind of generic code
// (B-trees, sorting, drops, serde).
//
//   trunk build --release && node bench/size-breakdown.mjs [WASM]
//
// WASM defaults to $CARGO_TARGET_DIR (or target)/wasm32-unknown-unknown/release/warren.wasm.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const target = process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target');
const wasm = process.argv[2] ?? path.join(target, 'wasm32-unknown-unknown/release/warren.wasm');

let csv;
try {
  const out = mkdtempSync(path.join(tmpdir(), 'warren-size-'));
  execFileSync('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', out, '--out-name', 'warren', wasm]);
  const bound = path.join(out, 'warren_bg.wasm');
  csv = execFileSync('twiggy', ['top', '-n', '1000000', '-f', 'csv', bound], { encoding: 'utf8', maxBuffer: 1 << 28 });
} catch (e) {
  console.error(`size-breakdown: wasm-bindgen or 'twiggy top' failed on ${wasm} (cargo install twiggy; build first): ${e.message}`);
  process.exit(2);
}

// twiggy's CSV: Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent.
const rows = [];
for (const line of csv.split('\n').slice(1)) {
  const m = line.match(/^"?(.*?)"?,(\d+),/);
  if (m) rows.push({ name: m[1], bytes: Number(m[2]) });
}
// Names and wasm-bindgen's descriptors are stripped from the page: not counted.
const shipped = rows.filter((r) => !/function names|__wasm_bindgen_unstable|^custom section/.test(r.name));
const total = shipped.reduce((n, r) => n + r.bytes, 0);

const sum = (key) => {
  const out = new Map();
  for (const r of shipped) {
    const k = key(r.name);
    if (k) out.set(k, (out.get(k) ?? 0) + r.bytes);
  }
  return [...out].sort((a, b) => b[1] - a[1]);
};
const crateOf = (name) => {
  if (/^data segment/.test(name)) return 'data (.rodata: strings, tables)';
  const m = name.match(/^<?(?:&(?:mut )?)?([a-z_0-9]+)(?:\[[0-9a-f]+\])?::/);
  return m ? m[1] : 'other (wasm-bindgen glue, imports, tables)';
};
const moduleOf = (name) => {
  const m = name.match(/^<?warren::([a-z_0-9]+)(?:::([a-z_0-9]+))?/);
  return m ? (m[2] ? `${m[1]}::${m[2]}` : m[1]) : null;
};
const KINDS = [
  ['B-tree maps and sets (one copy per key/value type)', /alloc::collections::btree/],
  ['sorting (one copy per element type)', /core::slice::sort/],
  ['serde_path_to_error', /serde_path_to_error/],
  ['serde derives and serde_json', /serde|::_::<impl/],
  ['drop glue', /drop_in_place/],
  ['formatting (core::fmt)', /core::fmt|fmt::Display|fmt::Debug/],
  ['yew', /\byew::/],
];
const kindOf = (name) => KINDS.find(([, re]) => re.test(name))?.[0] ?? null;

const pct = (n) => `${((100 * n) / total).toFixed(1)} %`;
const show = (title, list, limit) => {
  console.log(`\n${title}`);
  for (const [k, n] of list.slice(0, limit)) console.log(`  ${String(n).padStart(9)} B  ${pct(n).padStart(7)}  ${k}`);
};
console.log(`${wasm}: ${total} B of code and data before wasm-opt (names and descriptors not counted)`);
show('by crate', sum(crateOf), 15);
show('this crate, by layer (src/ folder)', sum((n) => moduleOf(n)?.split('::')[0]), 10);
show('this crate, by module', sum(moduleOf), 20);
show('by kind (first match in this order)', sum(kindOf), KINDS.length);
