// End-to-end test of phones and tablets (issue 13): at 390×844, 768×1024 and 1024×768, in
// English and Chinese, nothing overflows sideways, every control is reachable (the playback
// controls, the scrubber and the ledger on screen on tablets, a scroll away on phones), the
// palette and the property panel are drawers (opened from the drawer bar, closed by their
// button, labelled in the page's language), and one finger pans and two fingers pinch-zoom the
// canvas (touch input through the DevTools protocol). Screenshots in target/e2e/touch-*.png.
//
//   trunk build --release && node --test e2e/tablet.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, openApp, OUT } from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

const SIZES = [
  ['phone', { width: 390, height: 844 }],
  ['tablet-portrait', { width: 768, height: 1024 }],
  ['tablet-landscape', { width: 1024, height: 768 }],
];
const CLOSE = { en: '× Close', 'zh-CN': '× 关闭' };
const OPEN = { en: ['Add', 'Properties'], 'zh-CN': ['添加', '属性'] };

const visibility = (page, selector) => page.locator(selector).evaluate((e) => getComputedStyle(e).visibility);

for (const [name, viewport] of SIZES) {
  for (const locale of ['en', 'zh-CN']) {
    test(`${name} ${viewport.width}×${viewport.height} (${locale}): reachable controls, drawers, pan and pinch`, async () => {
      const phone = name === 'phone';
      const { page, errors } = await openApp(env.browser, env.baseUrl, { viewport, hasTouch: true, isMobile: phone, locale });
      const shot = (what) => page.screenshot({ path: path.join(OUT, `touch-${viewport.width}x${viewport.height}-${locale}${what}.png`), fullPage: phone });
      try {
        assert.equal(await page.getAttribute('main.app', 'lang'), locale);
        await page.tap('.scenario-menu .menu-button');
        await page.tap('[data-scenario="order-fanout"]');
        await page.waitForSelector('.node.queue');
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), viewport.width, 'no horizontal overflow');

        // Every control is on the screen (on a phone, after scrolling to it).
        for (const selector of ['.theme-toggle', '.scenario-menu .menu-button', '.lang-switch', '[data-drawer-open="palette"]',
          '[data-drawer-open="properties"]', '[data-action="play"]', '.scrubber input', '.ledger', '.toolbar']) {
          const el = page.locator(selector).first();
          if (phone) await el.scrollIntoViewIfNeeded();
          const box = await el.boundingBox();
          const scroll = await page.evaluate(() => window.scrollY);
          assert.ok(box && box.x >= 0 && box.x + box.width <= viewport.width + 0.5, `${selector} within the width: ${JSON.stringify(box)}`);
          assert.ok(box.y >= 0 && box.y + box.height <= viewport.height + 0.5, `${selector} on screen: ${JSON.stringify(box)} scrolled ${scroll}`);
        }
        await page.evaluate(() => window.scrollTo(0, 0));
        assert.deepEqual(await page.locator('.drawer-bar button').allTextContents(), OPEN[locale]);
        await shot('');

        // The palette drawer: opened by its button, on screen, the focus on its close button;
        // adding a queue closes it.
        for (const side of ['palette', 'properties']) assert.equal(await visibility(page, `[data-drawer="${side}"]`), 'hidden');
        const queues = await page.locator('.node.queue').count();
        await page.tap('[data-drawer-open="palette"]');
        await page.waitForFunction(() => getComputedStyle(document.querySelector('[data-drawer="palette"]')).visibility === 'visible');
        await page.waitForFunction(() => document.activeElement?.dataset.drawerClose === 'palette');
        assert.equal(await page.getAttribute('[data-drawer-open="palette"]', 'aria-expanded'), 'true');
        assert.equal(await page.textContent('[data-drawer-close="palette"]'), CLOSE[locale]);
        await page.waitForTimeout(300); // the slide
        const drawer = await page.locator('[data-drawer="palette"]').boundingBox();
        assert.ok(drawer.x >= -0.5 && drawer.x + drawer.width <= viewport.width + 0.5, `the palette drawer is on screen: ${JSON.stringify(drawer)}`);
        await shot('-palette');
        await page.tap('[data-add="queue"]');
        await page.waitForFunction(() => getComputedStyle(document.querySelector('[data-drawer="palette"]')).visibility === 'hidden');
        assert.equal(await page.locator('.node.queue').count(), queues + 1);

        // The property panel drawer shows the new (selected) queue's form; its button closes it
        // and gives the focus back to the drawer bar.
        await page.tap('[data-drawer-open="properties"]');
        await page.waitForFunction(() => getComputedStyle(document.querySelector('[data-drawer="properties"]')).visibility === 'visible');
        await page.waitForTimeout(300);
        const panel = await page.locator('[data-drawer="properties"]').boundingBox();
        assert.ok(panel.x >= -0.5 && panel.x + panel.width <= viewport.width + 0.5, `the property drawer is on screen: ${JSON.stringify(panel)}`);
        assert.ok((await page.locator('[data-drawer="properties"] .inspector input').count()) > 0, 'the selected queue has a form');
        await shot('-properties');
        await page.tap('[data-drawer-close="properties"]');
        await page.waitForFunction(() => getComputedStyle(document.querySelector('[data-drawer="properties"]')).visibility === 'hidden');
        await page.waitForFunction(() => document.activeElement?.dataset.drawerOpen === 'properties');
        // Escape closes an open drawer too.
        await page.tap('[data-drawer-open="palette"]');
        await page.waitForFunction(() => document.activeElement?.dataset.drawerClose === 'palette');
        await page.keyboard.press('Escape');
        await page.waitForFunction(() => getComputedStyle(document.querySelector('[data-drawer="palette"]')).visibility === 'hidden');
        await page.waitForFunction(() => document.activeElement?.dataset.drawerOpen === 'palette');

        // Two fingers pinch to zoom, one finger pans.
        const canvas = await page.locator('svg.canvas').boundingBox();
        if (phone) await page.locator('svg.canvas').scrollIntoViewIfNeeded();
        const cdp = await page.context().newCDPSession(page);
        const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
        const at = await page.locator('svg.canvas').boundingBox();
        const x = at.x + 40;
        const y = at.y + at.height - 60;
        const zoom = await page.textContent('.zoom-level');
        await touch('touchStart', [[x, y]]);
        await touch('touchStart', [[x, y], [x + 100, y]]);
        for (let i = 1; i <= 5; i++) await touch('touchMove', [[x, y], [x + 100 + i * 20, y]]);
        await touch('touchEnd', []);
        const ratio = parseInt(await page.textContent('.zoom-level'), 10) / parseInt(zoom, 10);
        assert.ok(Math.abs(ratio - 2) < 0.03, `the fingers moved twice as far apart: zoom ×${ratio}`);
        const world = await page.getAttribute('g.world', 'transform');
        await touch('touchStart', [[x, y]]);
        for (let i = 1; i <= 4; i++) await touch('touchMove', [[x + i * 10, y - i * 10]]);
        await touch('touchEnd', []);
        assert.notEqual(await page.getAttribute('g.world', 'transform'), world, 'one finger pans');
        assert.ok(canvas.width > 300 && canvas.height > 250, `canvas ${JSON.stringify(canvas)}`);
        assert.deepEqual(errors, []);
      } finally {
        await page.close();
      }
    });
  }
}
