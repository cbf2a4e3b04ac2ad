// End-to-end test of the phone layout (≤ 600 px, style/main.css): at 390×844 the page scrolls
// instead of squeezing every panel, nothing is wider than the screen, the header's controls (the
// theme button too) are on screen, and Play, the scrubber and the ledger come right under the
// canvas (the palette and the property panel are drawers, opened from the bar above the canvas:
// e2e/tablet.test.mjs). Screenshots in English and Chinese, light and dark, in target/e2e/phone-*.png.
//
//   trunk build --release && node --test e2e/phone.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, OUT, loadScenario } from './harness.mjs';
import path from 'node:path';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

const PHONE = { width: 390, height: 844 };

test('on a 390×844 phone every control is reachable and nothing overflows sideways', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl, { viewport: PHONE, hasTouch: true, isMobile: true });
  try {
    await loadScenario(page, 'order-fanout');
    for (const [lang, theme] of [['en', 'light'], ['zh-CN', 'dark']]) {
      if (lang !== 'en') {
        await page.click(`.lang-switch [data-lang="${lang}"]`);
        await page.click('.theme-toggle');
      }
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.equal(width, PHONE.width, `no horizontal overflow (${lang})`);
      for (const selector of ['.theme-toggle', '.scenario-menu .menu-button', '.lang-switch']) {
        const box = await page.locator(selector).boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `${selector} is on screen (${lang})`);
      }
      // The drawer bar, the canvas, then Play, the scrubber and the ledger.
      const top = async (selector) => (await page.locator(selector).first().boundingBox()).y;
      const bar = await top('.drawer-bar');
      const canvas = await top('.canvas-wrap');
      const play = await top('.playback-bar button');
      const ledger = await top('.ledger');
      assert.ok(bar < canvas && canvas < play && play < ledger, `order drawers ${bar} < canvas ${canvas} < play ${play} < ledger ${ledger}`);
      await page.screenshot({ path: path.join(OUT, `phone-${lang}-${theme}.png`), fullPage: true });
    }
    await page.locator('.playback-bar button').first().click();
    await page.waitForFunction(() => Number(document.querySelector('.playback-bar .clock')?.dataset.nowMs) > 0);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
