// Hostile imports (issue 11) against the release build: each file the fuzzing pass found to crash
// or freeze the app is opened with the file input; the editor shows the error, keeps the user's
// work, and still plays. The page runs under its Content-Security-Policy without a violation.
//
//   trunk build --release && node --test e2e/hostile.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, shot, loadScenario } from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

const count = (page, selector) => page.locator(selector).count();

const base = (extra) => JSON.stringify({
  version: 1, duration_ms: 10000,
  queues: [{ name: 'q' }],
  producers: [{ name: 'p', keys: ['q'], interval_ms: 100 }],
  consumers: [{ name: 'c', queue: 'q' }],
  ...extra,
});

// [name, file text, what the error must say]
const HOSTILE = [
  ['non-durable quorum queue', base({ queues: [{ name: 'q', durable: false, args: { 'x-queue-type': 'quorum' } }] }),
    /queues\[0\]: the broker refuses it/],
  ['bogus x-match', base({ exchanges: [{ name: 'h', type: 'headers' }], bindings: [{ source: 'h', dest: 'q', args: { 'x-match': 'bogus' } }] }),
    /bindings\[0\]: the broker refuses it/],
  ['interval that wraps virtual time', base({ producers: [{ name: 'p', keys: ['q'], interval_ms: 18446744073709551 }] }),
    /producers\[0\]\.interval_ms: at most 86400000 ms/],
  ['a billion messages', base({ producers: [{ name: 'p', keys: ['q'], rate_per_s: 1000000, count: 1000000000 }], duration_ms: 86400000 }),
    /at most 1000000 per run/],
  ['a run of 10^12 ms', base({ duration_ms: 1e12 }), /duration_ms: at most 86400000 ms/],
  ['5,000 producers', base({ producers: Array.from({ length: 5000 }, (_, i) => ({ name: `p${i}`, keys: ['q'], interval_ms: 100 })) }),
    /producers and consumers: at most 200 entries/],
  ['a burst of 10^7 at t=0', base({ producers: [{ name: 'p', keys: ['q'], burst: { size: 10000000, at_ms: [0] } }] }),
    /at most 1000000 per run/],
  ['trailing garbage', `${base({})} {"more": 1}`, /after the JSON value: trailing characters/],
  ['control characters in a name', base({ consumers: [{ name: 'c', queue: 'q\u001b[2J\nevil' }] }),
    /no queue named "q\\u\{1b\}\[2J\\nevil"/],
  ['a file over 1 MiB', `${base({})}${' '.repeat(1 << 20)}`, /at most 1048576 \(1 MiB\) are read/],
];

test('each hostile file is refused with its error; the work is kept and still plays', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  try {
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
    await loadScenario(page, 'order-fanout');
    const nodes = await count(page, '.node');
    assert.ok(nodes > 0);
    for (const [name, text, message] of HOSTILE) {
      await page.click('.import-export-open');
      await page.setInputFiles('.import-export input[type=file]', {
        name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(text),
      });
      await page.waitForSelector('.import-error', { timeout: 10_000 });
      const shown = await page.textContent('.import-error');
      assert.match(shown, message, `${name}: ${shown}`);
      assert.ok(shown.length < 600, `${name}: ${shown.length} characters shown`);
      if (name === 'control characters in a name') await shot(page, 'hostile-import-error');
      await page.click('.import-export .close');
      assert.equal(await count(page, '.node'), nodes, `${name}: the current work is kept`);
    }
    await shot(page, 'hostile-import');
    // The editor still works: the kept scenario plays.
    await page.click('[data-action=play]');
    await page.waitForFunction(() => Number(document.querySelector('.clock').dataset.nowMs) > 500, null, { timeout: 20_000 });
    await page.click('[data-action=play]');
    assert.deepEqual(errors, [], 'no page error, no CSP violation');
  } finally {
    await page.close();
  }
});
