// End-to-end tests of the lessons: one lesson completed by clicking only, in Chinese (predict,
// run to the key moment, fix in the editor, goal met, progress kept across a reload), and each
// lesson's key moment in the browser, with a screenshot of each under target/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { start, openApp, shot, ROOT, VIEWPORT, MOUNT_TIMEOUT_MS } from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

const LESSONS = readdirSync(path.join(ROOT, 'lessons'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(path.join(ROOT, 'lessons', f), 'utf8')));

async function openLesson(page, id) {
  await page.click('.lesson-menu-button');
  await page.click(`[data-lesson="${id}"]`);
  await page.waitForSelector('.lesson-panel');
}

test('a lesson completed by clicking only, in Chinese', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl, { locale: 'zh-CN' });
  try {
    await openLesson(page, 'backlog');
    assert.match(await page.textContent('#lesson-title'), /消息堆积/);
    // The steps are one Tab stop, named by their heading; the narration goes through the
    // panel's live region (the steps first, then the key moment).
    assert.equal(await page.getAttribute('.lesson-narration', 'tabindex'), '0');
    assert.equal(await page.getAttribute('.lesson-panel [data-live-region]', 'aria-live'), 'polite');
    await page.waitForFunction(() => document.querySelector('.lesson-panel [data-live-region]').textContent.includes('大促'));
    assert.ok(await page.isDisabled('.lesson-run'), 'no run before a prediction');

    // Predict, then run to the key moment.
    await page.click('.lesson-prediction input[data-choice="1"]');
    await page.click('.lesson-run');
    await page.waitForSelector('.lesson-right');
    assert.match(await page.textContent('.lesson-right'), /猜对了/);
    assert.match(await page.textContent('.lesson-outcome'), /关键时刻/);
    // A figure is named by what it counts, in the page's language, then its predicate name.
    assert.match(await page.textContent('.lesson-outcome'), /仍在队列中的消息: \d+ backlog/);
    await shot(page, 'lesson-zh-predicted');

    // The starting scenario does not meet the goal.
    await page.click('.lesson-check');
    await page.waitForSelector('.lesson-fix-result .lesson-wrong');
    assert.match(await page.textContent('.lesson-fix-result'), /还没有/);

    // Fix it in the editor: fold the lesson, select worker-1, raise its prefetch.
    await page.click('.lesson-hint-button');
    assert.match(await page.textContent('.lesson-hint'), /prefetch/);
    await page.click('.lesson-fold');
    await page.click('.node[data-name="worker-1"]');
    await page.fill('.inspector [data-field="prefetch"] input', '10');
    await page.keyboard.press('Tab');
    await page.click('.lesson-fold');
    await page.click('.lesson-check');
    await page.waitForSelector('.lesson-goal-met');
    assert.match(await page.textContent('.lesson-goal-met'), /目标达成/);
    await shot(page, 'lesson-zh-goal-met');

    // Progress survives a reload: the menu marks the lesson done.
    await page.reload();
    await page.waitForSelector('main.app h1');
    await page.click('.lesson-menu-button');
    assert.match(await page.textContent('[data-lesson="backlog"]'), /已完成/);
    assert.doesNotMatch(await page.textContent('[data-lesson="ordering"]'), /已完成/);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('the key moment lights what it names: canvas entities and broker nodes by a ring and a star, ledger lines by a frame and a star, the narration says it', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  try {
    // Lesson 4: a queue, a broker node, a client and four figures.
    await openLesson(page, 'deployment-modes');
    assert.equal(await page.locator('.spotlit').count(), 0, 'nothing lit before the run');
    for (const p of [0, 1]) await page.locator('.lesson-prediction').nth(p).locator('input[data-choice="0"]').click();
    await page.click('.lesson-run');
    await page.waitForSelector('.lesson-outcome h3');
    assert.equal(await page.locator('.node.spotlit[data-kind="queue"][data-name="orders"] .spotlight-ring').count(), 1);
    assert.equal(await page.locator('.node.spotlit[data-kind="producer"][data-name="shop"] .spotlight-mark').count(), 1);
    assert.equal(await page.locator('.node.spotlit[data-name="billing"]').count(), 0, 'only what the moment names');
    assert.equal(await page.locator('.broker-node.spotlit[data-node="rabbit2"]').count(), 1);
    assert.equal(await page.locator('.broker-node.spotlit').count(), 1);
    assert.equal(await page.locator('.ledger-cell.spotlit[data-ledger="confirmed"]').count(), 1);
    assert.equal(await page.locator('.ledger-cell.spotlit[data-ledger="delivered"]').count(), 0);
    const ring = await page.locator('.node.spotlit .spotlight-ring').first().evaluate((e) => getComputedStyle(e).strokeDasharray);
    assert.notEqual(ring, 'none', 'a dashed ring: a shape cue, not only colour');
    await page.waitForFunction(() => /2000 ms/.test(document.querySelector('.lesson-panel [data-live-region]').textContent));
    await shot(page, 'lesson-spotlight');
    await page.click('.lesson-close');
    await page.waitForSelector('.lesson-panel', { state: 'detached' });
    assert.equal(await page.locator('.spotlit').count(), 0, 'the spotlight goes out with the lesson');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test("each lesson's key moment: the right prediction is what the browser's run shows", async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  try {
    for (const [i, lesson] of LESSONS.entries()) {
      // Screenshots in English for the first six, Chinese for the rest; light and dark in turn.
      const [lang, theme] = [i < 6 ? 'en' : 'zh-CN', i % 2 ? 'dark' : 'light'];
      await page.click(`.lang-switch [data-lang="${lang}"]`);
      if ((await page.locator('main.app').getAttribute('data-theme')) !== theme) await page.click('.theme-toggle');
      await openLesson(page, lesson.id);
      for (const [p, prediction] of lesson.predictions.entries()) {
        await page.locator('.lesson-prediction').nth(p).locator(`input[data-choice="${prediction.answer}"]`).click();
      }
      await page.click('.lesson-run');
      await page.waitForSelector('.lesson-outcome h3');
      assert.equal(await page.locator('.lesson-wrong').count(), 0, `${lesson.id}: the browser's run disagrees`);
      assert.equal(await page.locator('.lesson-right').count(), lesson.predictions.length, lesson.id);
      // The key moment in view: the panel scrolled to its outcome, the lit ledger lines.
      await page.locator('.lesson-outcome h3').first().scrollIntoViewIfNeeded();
      await shot(page, `lesson-${String(lesson.topic).padStart(2, '0')}-${lesson.id}-${lang}-${theme}`);
      await page.click('.lesson-close');
      await page.waitForSelector('.lesson-panel', { state: 'detached' });
    }
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

// The lesson files are fetched beside the page after first paint (not built into the wasm): a
// file that cannot be fetched is a line naming it in the menu, and the other lessons still open.
test('a lesson file that cannot be fetched is named in the menu; the others open', async () => {
  const page = await env.browser.newPage({ viewport: VIEWPORT, locale: 'en-US' });
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.route('**/lessons/02-backlog.json', (route) => route.fulfill({ status: 404, body: 'gone' }));
  try {
    await page.goto(env.baseUrl);
    await page.waitForSelector('main.app h1', { timeout: MOUNT_TIMEOUT_MS });
    await page.click('.lesson-menu-button');
    await page.waitForSelector('.lesson-not-loaded');
    assert.equal(await page.locator('.lesson-not-loaded').count(), 1);
    assert.match(await page.textContent('.lesson-not-loaded'), /could not be loaded: lessons\/02-backlog\.json: HTTP 404/);
    assert.equal(await page.locator('[data-lesson]').count(), LESSONS.length - 1);
    await shot(page, 'lesson-menu-not-loaded');
    await page.click('[data-lesson="idempotency-by-key"]');
    await page.waitForSelector('.lesson-panel');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
