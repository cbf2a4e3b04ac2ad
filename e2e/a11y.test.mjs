// End-to-end tests of accessibility (issue 13) in the release build: the event log told through
// a throttled polite live region, prefers-reduced-motion (messages jump to their next place
// instead of travelling), and an axe-core audit in light and dark, English and Chinese, editor
// and playback.
//
//   trunk build --release && node --test e2e/a11y.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, openApp, ROOT, nowMs, loadScenario } from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

async function speed(page, value) {
  await page.locator('.speed input').evaluate((input, v) => {
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

test('the event log is announced politely: at most one text every 5 s while playing, at once on pause', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  await loadScenario(page, 'work-queue');
  const region = page.locator('[data-live-region]');
  assert.equal(await region.getAttribute('role'), 'status');
  assert.equal(await region.getAttribute('aria-live'), 'polite');
  // Record what the region says, and when.
  await page.evaluate(() => {
    window.__said = [];
    const el = document.querySelector('[data-live-region]');
    new MutationObserver(() => window.__said.push({ at: performance.now(), text: el.textContent }))
      .observe(el, { childList: true, characterData: true, subtree: true });
  });
  await page.click('[data-action="play"]');
  await page.waitForTimeout(12_000);
  const played = await nowMs(page);
  const said = await page.evaluate(() => window.__said.filter((s) => s.text));
  const rows = await page.locator('.event-log tr').count();
  assert.ok(played > 10_000, `played to ${played} ms`);
  // Hundreds of events in 12 s; the region says at most one text per 5 s (and at least one).
  assert.ok(said.length >= 2 && said.length <= 3, `said ${said.length} texts in 12 s of play: ${JSON.stringify(said)}`);
  for (let i = 1; i < said.length; i++) {
    assert.ok(said[i].at - said[i - 1].at >= 4_900, `texts ${Math.round(said[i].at - said[i - 1].at)} ms apart`);
  }
  assert.ok(said.every((s) => s.text.startsWith('Playing, ')), JSON.stringify(said));
  const whilePlaying = said.length;
  await page.click('[data-action="play"]');
  await page.waitForFunction(() => document.querySelector('[data-live-region]').textContent.startsWith('Paused at'), null, { timeout: 1_000 });
  const text = await region.textContent();
  assert.match(text, /^Paused at \d+\.\d{3} s\. Latest: \S/, text);
  console.log(`live region: ${whilePlaying} texts in 12 s of play (event log ${rows}+ rows) to ${played} ms; at pause: "${text}"`);

  await page.click('.lang-switch [data-lang="zh-CN"]');
  await page.waitForFunction(() => document.querySelector('[data-live-region]').textContent.startsWith('暂停于'));
  assert.deepEqual(errors, []);
  await page.close();
});

/** The positions of the moving glyphs and of the ends of their legs, in world units. */
function sample(page) {
  return page.evaluate(() => {
    const nodes = [...document.querySelectorAll('svg.canvas .node')].map((n) => {
      const [, x, y] = n.getAttribute('transform').match(/translate\(([-\d.]+) ([-\d.]+)\)/);
      return { x: Number(x), y: Number(y) };
    });
    // Where a leg ends: a node's in-port (left middle), or the bottom of a node it falls from.
    const ends = nodes.flatMap((n) => [{ x: n.x, y: n.y + 26 }, { x: n.x + 75, y: n.y + 52 + 30 }]);
    const moving = [...document.querySelectorAll('.messages circle.msg.moving')].map((c) => ({ x: Number(c.getAttribute('cx')), y: Number(c.getAttribute('cy')) }));
    const atEnd = (m) => ends.some((e) => Math.abs(e.x - m.x) < 0.6 && Math.abs(e.y - m.y) < 0.6);
    return { moving: moving.length, between: moving.filter((m) => !atEnd(m)).length };
  });
}

for (const reducedMotion of ['reduce', 'no-preference']) {
  test(`prefers-reduced-motion ${reducedMotion}: messages ${reducedMotion === 'reduce' ? 'appear at their place' : 'travel along the edges'}`, async () => {
    const { page, errors } = await openApp(env.browser, env.baseUrl, { reducedMotion });
    await loadScenario(page, 'work-queue');
    assert.equal(await page.locator('g.messages').getAttribute('data-motion'), reducedMotion === 'reduce' ? 'reduced' : 'full');
    await page.click('[data-action="play"]');
    let moving = 0;
    let between = 0;
    for (let i = 0; i < 40 && (moving < 20 || (reducedMotion !== 'reduce' && between === 0)); i++) {
      const s = await sample(page);
      moving += s.moving;
      between += s.between;
      await page.waitForTimeout(60);
    }
    await page.click('[data-action="play"]');
    assert.ok(moving >= 5, `saw ${moving} moving glyphs`);
    if (reducedMotion === 'reduce') {
      assert.equal(between, 0, `of ${moving} glyphs seen, ${between} were between two places`);
    } else {
      assert.ok(between > 0, `of ${moving} glyphs seen, some are on their way`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
}

const AXE = path.join(ROOT, 'node_modules/axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Runs axe-core on the page; returns the violations (rule, impact, how many nodes, one target). */
async function audit(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, targets: v.nodes.map((n) => n.target.join(' ') + ' ' + (n.failureSummary.match(/ratio of [\d.]+ \(foreground color: #\w+, background color: #\w+/)?.[0] ?? '')) }));
  }, TAGS);
}

test('axe-core: no serious or critical violation, light and dark, English and Chinese, editor and playback', async () => {
  // The page's Content-Security-Policy refuses injected scripts; the audit bypasses it.
  const { page, errors } = await openApp(env.browser, env.baseUrl, { bypassCSP: true });
  await loadScenario(page, 'work-queue');
  const report = [];
  let bad = [];
  for (const [lang, theme] of [['en', 'light'], ['zh-CN', 'dark'], ['en', 'dark'], ['zh-CN', 'light']]) {
    if ((await page.locator('main.app').getAttribute('data-theme')) !== theme) await page.click('.theme-toggle');
    await page.click(`.lang-switch [data-lang="${lang}"]`);
    for (const mode of ['editor', 'playback']) {
      if (mode === 'editor') {
        await page.click('.node[data-kind="consumer"] .shape');
      } else {
        await page.click('[data-action="play"]');
        await page.waitForFunction(() => Number(document.querySelector('.clock').dataset.nowMs) > 2500);
        await page.click('[data-action="play"]');
        await page.locator('.messages .msg[data-msg]').first().click();
        await page.waitForSelector('.message-detail');
      }
      const violations = await audit(page);
      const count = (impact) => violations.filter((v) => v.impact === impact).reduce((n, v) => n + v.nodes, 0);
      const line = `${lang} ${theme} ${mode}: critical ${count('critical')}, serious ${count('serious')}, moderate ${count('moderate')}, minor ${count('minor')}`;
      report.push(line + (violations.length ? `  [${violations.map((v) => `${v.id}×${v.nodes}`).join(', ')}]` : ''));
      bad = bad.concat(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ where: `${lang} ${theme} ${mode}`, ...v })));
    }
  }
  // A cluster in playback (node cards, frames), with the legend open.
  await loadScenario(page, 'mirrored-vs-quorum');
  await page.click('[data-action="play"]');
  await page.waitForFunction(() => Number(document.querySelector('.clock').dataset.nowMs) > 1500);
  await page.click('[data-action="play"]');
  await page.click('.message-legend summary');
  for (const theme of ['dark', 'light']) {
    if ((await page.locator('main.app').getAttribute('data-theme')) !== theme) await page.click('.theme-toggle');
    const violations = await audit(page);
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    report.push(`zh-CN ${theme} cluster playback, legend open: ${violations.length} rules violated, ${serious.length} serious or critical${violations.length ? `  [${violations.map((v) => `${v.id}×${v.nodes}`).join(', ')}]` : ''}`);
    bad = bad.concat(serious.map((v) => ({ where: `${theme} cluster`, ...v })));
  }
  // A lesson open at its key moment (two predictions, the steps, the outcome, the spotlight).
  await page.click('.lesson-menu-button');
  await page.click('[data-lesson="where-messages-get-lost"]');
  await page.waitForSelector('.lesson-panel');
  for (const [p, answer] of [[0, 2], [1, 1]]) await page.locator('.lesson-prediction').nth(p).locator(`input[data-choice="${answer}"]`).click();
  await page.click('.lesson-run');
  await page.waitForSelector('.lesson-outcome h3');
  for (const theme of ['dark', 'light']) {
    if ((await page.locator('main.app').getAttribute('data-theme')) !== theme) await page.click('.theme-toggle');
    const violations = await audit(page);
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    report.push(`zh-CN ${theme} lesson panel at its key moment: ${violations.length} rules violated, ${serious.length} serious or critical${violations.length ? `  [${violations.map((v) => `${v.id}×${v.nodes}`).join(', ')}]` : ''}`);
    bad = bad.concat(serious.map((v) => ({ where: `${theme} lesson`, ...v })));
  }
  console.log(`axe-core ${TAGS.join(' ')}\n${report.join('\n')}`);
  assert.deepEqual(bad, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('axe-core on a phone and a tablet with each drawer open: no serious or critical violation', async () => {
  const report = [];
  let bad = [];
  for (const [viewport, locale, theme] of [[{ width: 390, height: 844 }, 'zh-CN', 'dark'], [{ width: 768, height: 1024 }, 'en', 'light']]) {
    const { page, errors } = await openApp(env.browser, env.baseUrl, { viewport, locale, hasTouch: true, bypassCSP: true });
    await loadScenario(page, 'work-queue');
    if ((await page.locator('main.app').getAttribute('data-theme')) !== theme) await page.click('.theme-toggle');
    for (const side of ['palette', 'properties']) {
      await page.click(`[data-drawer-open="${side}"]`);
      await page.waitForFunction((s) => document.activeElement?.dataset.drawerClose === s, side);
      const violations = await audit(page);
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      report.push(`${viewport.width}×${viewport.height} ${locale} ${theme}, ${side} drawer open: ${violations.length} rules violated, ${serious.length} serious or critical${violations.length ? `  [${violations.map((v) => `${v.id}×${v.nodes}`).join(', ')}]` : ''}`);
      bad = bad.concat(serious.map((v) => ({ where: `${viewport.width} ${side}`, ...v })));
      await page.click(`[data-drawer-close="${side}"]`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  }
  console.log(report.join('\n'));
  assert.deepEqual(bad, []);
});

test('colour is never the only signal: message looks differ in shape too and are named; down nodes and alarms are marked', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  await loadScenario(page, 'mirrored-vs-quorum');
  await page.click('.message-legend summary');
  // Each look, its colour taken away: fill solid or hollow, outline dashes and width, size.
  const looks = await page.locator('.message-legend li').evaluateAll((items) => items.map((li) => {
    const c = getComputedStyle(li.querySelector('circle'));
    const panel = getComputedStyle(document.querySelector('.inspector')).backgroundColor;
    return { look: li.dataset.look, word: li.textContent.trim(), shape: [c.fill === panel ? 'hollow' : 'solid', c.strokeDasharray, c.strokeWidth, c.r].join(' ') };
  }));
  assert.equal(looks.length, 8);
  assert.equal(new Set(looks.map((l) => l.shape)).size, 8, `every look has its own shape: ${JSON.stringify(looks)}`);
  assert.ok(looks.every((l) => l.word.length > 0));
  assert.deepEqual(looks.map((l) => l.word).slice(0, 3), ['in flight', 'confirmed', 'delivered']);
  // A crashed node's frame is solid and heavy where an up node's is dashed, and says so in words.
  await speed(page, 200); // 10×
  await page.click('[data-action="play"]');
  await page.waitForSelector('.ledger-cell.alarm', { timeout: 30_000 });
  await page.click('[data-action="play"]');
  // A ledger figure in alarm carries a warning sign, not only red.
  assert.match(await page.locator('.ledger-cell.alarm dd').first().evaluate((dd) => getComputedStyle(dd, '::before').content), /⚠/);
  assert.equal(await page.locator('.ledger-cell:not(.alarm) dd').first().evaluate((dd) => getComputedStyle(dd, '::before').content), 'none');
  // rabbit2 crashes at 1 s.
  await page.locator('.scrubber input').evaluate((input) => {
    input.value = '1200';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForSelector('.broker-node.crashed');
  const frame = (state) => page.locator(`.broker-node.${state} .node-frame`).first().evaluate((r) => getComputedStyle(r).strokeDasharray);
  assert.equal(await frame('crashed'), 'none');
  assert.notEqual(await frame('up'), 'none');
  assert.match(await page.locator('.broker-node.crashed .node-label').first().textContent(), /crashed/);
  await page.click('.lang-switch [data-lang="zh-CN"]');
  assert.equal(await page.locator('.message-legend li').first().textContent(), '传输中');
  assert.deepEqual(errors, []);
  await page.close();
});
