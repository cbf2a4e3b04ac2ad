// End-to-end tests of the lessons: one lesson completed by clicking only, in Chinese (predict,
// run to the key moment, fix in the editor, goal met, progress kept across a reload), and each
// lesson's key moment in the browser, with a screenshot of each under target/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { start, openApp, shot, ROOT } from './harness.mjs';

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
    assert.equal(await page.getAttribute('.lesson-narration', 'aria-live'), 'polite');
    assert.ok(await page.isDisabled('.lesson-run'), 'no run before a prediction');

    // Predict, then run to the key moment.
    await page.click('.lesson-prediction input[data-choice="1"]');
    await page.click('.lesson-run');
    await page.waitForSelector('.lesson-right');
    assert.match(await page.textContent('.lesson-right'), /猜对了/);
    assert.match(await page.textContent('.lesson-outcome'), /关键时刻/);
    assert.match(await page.textContent('.lesson-outcome'), /backlog = \d+/);
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

test("each lesson's key moment: the right prediction is what the browser's run shows", async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  try {
    for (const lesson of LESSONS) {
      await openLesson(page, lesson.id);
      for (const [p, prediction] of lesson.predictions.entries()) {
        await page.locator('.lesson-prediction').nth(p).locator(`input[data-choice="${prediction.answer}"]`).click();
      }
      await page.click('.lesson-run');
      await page.waitForSelector('.lesson-outcome h3');
      assert.equal(await page.locator('.lesson-wrong').count(), 0, `${lesson.id}: the browser's run disagrees`);
      assert.equal(await page.locator('.lesson-right').count(), lesson.predictions.length, lesson.id);
      await shot(page, `lesson-${lesson.id}-key-moment`);
      await page.click('.lesson-close');
      await page.waitForSelector('.lesson-panel', { state: 'detached' });
    }
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
