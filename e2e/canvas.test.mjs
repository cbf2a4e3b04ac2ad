// End-to-end test of the canvas at the zooms people use (about 70 % and 100 %), in English and
// Chinese, light and dark, while messages move: every node's name and summary stay inside the
// node's box (cut with an ellipsis, the full text in its title), and no message dot covers an
// edge's label. Screenshots go to target/e2e/.
//
//   trunk build --release && node --test e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, shot, scrub, loadScenario } from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/** Zooms with the toolbar's buttons (×1.25 a step) to within a step of `target` %. */
async function zoomTo(page, target) {
  for (let i = 0; i < 12; i++) {
    const zoom = Number((await page.textContent('.zoom-level')).replace('%', ''));
    if (Math.abs(zoom - target) < 12) return zoom;
    await page.click(zoom > target ? '.tool.zoom-out' : '.tool.zoom-in');
  }
  throw new Error(`could not zoom to ${target} %`);
}

/** Texts that run past their node's box (in the node's own units: the port sits at x = 150). */
const overflowing = (page) => page.locator('.node text.name, .node text.summary').evaluateAll((texts) =>
  texts.filter((t) => { const b = t.getBBox(); return b.x + b.width > 150 - 6; })
    .map((t) => `${t.closest('.node').dataset.name}: ${t.textContent} (${Math.round(t.getBBox().x + t.getBBox().width)})`));

/** Message dots whose circle overlaps an edge label's pill, on the screen. */
const covered = (page) => page.evaluate(() => {
  const labels = [...document.querySelectorAll('.edge .label rect')].map((r) => [r.closest('.edge'), r.getBoundingClientRect()]);
  const hits = [];
  for (const dot of document.querySelectorAll('.msg')) {
    const d = dot.getBoundingClientRect();
    for (const [edge, l] of labels) {
      if (d.left < l.right && d.right > l.left && d.top < l.bottom && d.bottom > l.top) hits.push(`${dot.dataset.msg} on ${edge.dataset.edge}`);
    }
  }
  return hits;
});

test('names and summaries stay in their boxes and dots never cover edge labels, at 70 % and 100 %', async () => {
  for (const locale of ['en-US', 'zh-CN']) {
    const { page, errors } = await openApp(env.browser, env.baseUrl, { locale });
    try {
      for (const [id, at] of [['work-queue', 3000], ['mirrored-vs-quorum', 1500], ['cluster-chaos', 6000], ['distributed-lock', 2000]]) {
        await loadScenario(page, id);
        await scrub(page, at);
        for (const theme of ['light', 'dark']) {
          for (const target of [70, 100]) {
            await zoomTo(page, target);
            assert.deepEqual(await overflowing(page), [], `${id} ${locale} at ${target} %`);
            assert.deepEqual(await covered(page), [], `${id} ${locale} at ${target} %`);
            if (id !== 'distributed-lock') await shot(page, `canvas-${id}-${locale}-${theme}-${target}`);
          }
          await page.click('button.theme-toggle');
        }
      }
      // A cut name keeps its full text in the node's title.
      const titles = await page.locator('.node title').allTextContents();
      assert.ok(titles.every((t) => !t.includes('…')), titles.join(' | '));
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  }
});

test('after a mirrored failover the queue is drawn in the frame of the node that took over', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  try {
    await loadScenario(page, 'mirrored-vs-quorum');
    /** The broker nodes whose frame holds the queue's box, on the screen. */
    const framesOf = (queue) => page.evaluate((q) => {
      const box = document.querySelector(`.node[data-kind="queue"][data-name="${q}"] .shape`).getBoundingClientRect();
      return [...document.querySelectorAll('svg.canvas .broker-node')].filter((n) => {
        const f = n.querySelector('.node-frame').getBoundingClientRect();
        return f.left <= box.left && f.top <= box.top && f.right >= box.right && f.bottom >= box.bottom;
      }).map((n) => n.dataset.node);
    }, queue);
    await scrub(page, 400);
    assert.deepEqual(await framesOf('ha.orders'), ['rabbit2'], 'declared on rabbit2, served there');
    // rabbit2 crashes at 1 s: the unsynchronised mirror on rabbit3 is promoted.
    await scrub(page, 1500);
    assert.deepEqual(await framesOf('ha.orders'), ['rabbit3']);
    const leader = (await page.locator('.replica-badge[data-queue="qq.orders"]').textContent()).match(/rabbit\d/)[0];
    assert.notEqual(leader, 'rabbit2');
    assert.deepEqual(await framesOf('qq.orders'), [leader], 'the quorum queue sits with its new leader');
    assert.equal(await page.locator('.broker-node[data-node="rabbit2"]').getAttribute('data-state'), 'crashed');
    await shot(page, 'canvas-failover-light');
    // Back before the crash: home again.
    await scrub(page, 400);
    assert.deepEqual(await framesOf('ha.orders'), ['rabbit2']);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
