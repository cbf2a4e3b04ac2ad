// First-load harness (a measurement, not a test): serves the release build gzip -9 compressed,
// opens it in headless Chromium over an emulated slow link (about 1.6 Mbit/s down, 150 ms round
// trip) on a CPU 4× slower than this one, with the cache off, and records
//   - bytes transferred (what the link carried: the page, the JS glue, the wasm, the stylesheet);
//   - canvas: when the editor's canvas (`svg.canvas`) was first in the page (the wasm fetched,
//     compiled, instantiated and the app's first render done);
//   - interactive: when a click on the palette's queue button had drawn a queue on the canvas,
//     measured from the start of navigation, so it includes the click's own round of work.
// Several runs in fresh browser contexts; prints each and the median.
//
//   trunk build --release && node bench/first-load.mjs [--runs 3] [--down-kbps 1600] [--rtt-ms 150] [--cpu 4]
//
// Goal (issue 14): interactive canvas in at most 3 s.
import { start, VIEWPORT } from '../e2e/harness.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const runs = option('--runs', 3);
const downKbps = option('--down-kbps', 1600);
const upKbps = option('--up-kbps', 750);
const rttMs = option('--rtt-ms', 150);
const cpu = option('--cpu', 4);
const GOAL_MS = 3000;

const env = await start({ gzip: true });
const results = [];
try {
  for (let run = 0; run < runs; run++) {
    const context = await env.browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(err.message));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: rttMs,
      downloadThroughput: (downKbps * 1000) / 8,
      uploadThroughput: (upKbps * 1000) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
    let transferred = 0;
    cdp.on('Network.loadingFinished', (e) => {
      transferred += e.encodedDataLength;
    });

    await page.goto(env.baseUrl, { waitUntil: 'commit' });
    await page.waitForSelector('svg.canvas', { timeout: 60_000 });
    const canvasMs = await page.evaluate(() => performance.now());
    const queues = await page.locator('.node.queue').count();
    await page.click('[data-add=queue]');
    await page.waitForFunction((n) => document.querySelectorAll('.node.queue').length > n, queues);
    const interactiveMs = await page.evaluate(() => performance.now());
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    results.push({ canvasMs, interactiveMs, transferred });
    console.log(
      `run ${run + 1}: ${transferred} B transferred; canvas at ${canvasMs.toFixed(0)} ms, ` +
        `interactive (a click drew a queue) at ${interactiveMs.toFixed(0)} ms`,
    );
    await context.close();
  }
} finally {
  await env.close();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const canvas = median(results.map((r) => r.canvasMs));
const interactive = median(results.map((r) => r.interactiveMs));
// What the link alone needs: every byte at the emulated rate, plus the page's round trip and the
// round trip of the requests it starts (the stylesheet, the JS and the wasm go out together).
const linkMs = (results[0].transferred * 8) / downKbps + 2 * rttMs;
console.log(`the link alone needs at least ${linkMs.toFixed(0)} ms for ${results[0].transferred} B (${downKbps} kbit/s, 2 round trips)`);
console.log(
  `first load, median of ${runs} (${downKbps} kbit/s down, ${rttMs} ms RTT, CPU ×${cpu}, gzip -9): ` +
    `${results[0].transferred} B, canvas ${canvas.toFixed(0)} ms, interactive ${interactive.toFixed(0)} ms ` +
    `(goal ≤ ${GOAL_MS} ms: ${interactive <= GOAL_MS ? 'met' : 'MISSED'})`,
);
