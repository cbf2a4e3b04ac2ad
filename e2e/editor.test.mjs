// End-to-end tests of the topology editor in the release build: build a topology by clicking
// and dragging, load the ready-made scenarios, refused edits, keys, import/export, language,
// tablet sizes. Screenshots go to target/e2e/.
//
//   trunk build --release && node --test e2e/
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

/** Drags with the mouse (pointer events) from the centre of one element to a point or element. */
async function drag(page, from, to) {
  const a = await page.locator(from).first().boundingBox();
  const target = typeof to === 'string' ? await page.locator(to).first().boundingBox() : null;
  const end = target
    ? { x: target.x + target.width / 2, y: target.y + target.height / 2 }
    : { x: a.x + a.width / 2 + to.dx, y: a.y + a.height / 2 + to.dy };
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x, end.y, { steps: 8 });
  await page.mouse.up();
}

/** Types into a property field and leaves it, which commits the edit. */
async function setField(page, field, value) {
  await page.fill(`.inspector [data-field="${field}"] :is(input, textarea)`, value);
  await page.keyboard.press('Tab');
}

async function exported(page) {
  await page.click('.import-export-open');
  const json = JSON.parse(await page.inputValue('.import-export textarea'));
  await page.click('.import-export .close');
  return json;
}

const count = (page, selector) => page.locator(selector).count();

test('build a topology by clicking and dragging', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  try {
    await page.click('[data-add=exchange][data-type=direct]');
    await page.click('[data-add=queue]');
    assert.equal(await count(page, '.node'), 2);

    // Drag the queue down and to the right.
    const before = await page.getAttribute('.node.queue', 'transform');
    await drag(page, '.node.queue', { dx: 40, dy: 120 });
    assert.notEqual(await page.getAttribute('.node.queue', 'transform'), before);

    // Bind: drag from the exchange's dot to the queue, then set the binding key.
    await drag(page, '.node.exchange .port-hit', '.node.queue');
    assert.equal(await count(page, '.edge.binding'), 1);
    assert.equal(await page.textContent('.inspector-head h2'), 'Binding');
    await setField(page, 'key', 'order.created');
    assert.equal(await page.textContent('.edge.binding .label text'), 'order.created');

    // A consumer reads from the queue; a producer publishes to the exchange.
    await page.click('[data-add=consumer]');
    assert.equal(await count(page, '.edge.consume'), 1);
    await page.click('[data-add=producer]');
    await drag(page, '.node.producer .port-hit', '.node.exchange');
    assert.equal(await count(page, '.edge.publish'), 1);
    await setField(page, 'keys', 'order.created');
    await page.click('.node.queue');
    await shot(page, 'editor-light');
    await page.click('button.theme-toggle');
    await shot(page, 'editor-dark');

    const s = await exported(page);
    assert.deepEqual(s.bindings, [{ source: 'direct-1', dest: 'queue-1', key: 'order.created', args: {}, to_exchange: false }]);
    assert.equal(s.producers[0].exchange, 'direct-1');
    assert.equal(s.consumers[0].queue, 'queue-1');
    assert.ok(s.layout.queues['queue-1'], 'positions are stored in the layout');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('every ready-made scenario loads from the menu in one click', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  try {
    await page.click('.scenario-menu .menu-button');
    const ids = await page.locator('[data-scenario]').evaluateAll((els) => els.map((e) => e.dataset.scenario));
    assert.equal(ids.length, 17, 'every file under scenarios/, its patterns too');
    assert.equal(await count(page, '.menu-topic'), 6, 'grouped by topic');
    await shot(page, 'scenario-menu-light');
    await page.keyboard.press('Escape');
    assert.equal(await count(page, '.menu-list'), 0, 'Escape closes the menu');
    for (const id of ids) {
      await loadScenario(page, id);
      // The smallest (tx-batches): a producer, a queue, a consumer.
      assert.ok((await count(page, '.node')) >= 3, `${id} shows its topology`);
      assert.ok((await count(page, '.edge')) >= 2, `${id} shows its edges`);
    }
    await loadScenario(page, 'delay-queue');
    assert.equal(await count(page, '.node'), 5);
    assert.equal(await count(page, '.edge.dead-letter'), 1);
    assert.equal(await page.inputValue('.inspector [data-field=title] input'), 'Delay queue: cancel unpaid orders');
    await shot(page, 'scenario-delay-light');
    await page.click('button.theme-toggle');
    await shot(page, 'scenario-delay-dark');
    await loadScenario(page, 'lost-ack-dedup');
    assert.equal(await count(page, '.fault-row'), 2);
    await shot(page, 'scenario-lost-ack-dedup-dark');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('a refused edit explains itself in place; keys delete, undo and select', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  try {
    await loadScenario(page, 'work-queue');
    await page.click('.node.queue');
    assert.equal(await page.textContent('.inspector-head h2'), 'Queue');
    await setField(page, 'x-message-ttl', '-5');
    const message = await page.textContent('[data-field="x-message-ttl"] .field-error');
    assert.match(message, /x-message-ttl.*-5/);
    assert.equal(await page.textContent('.node.queue .summary'), 'classic queue', 'the model is unchanged');
    await shot(page, 'invalid-ttl');
    await setField(page, 'x-dead-letter-exchange', 'nowhere');
    assert.match(await page.textContent('[data-field="x-dead-letter-exchange"] .field-error'), /no exchange named "nowhere"/);

    // Keys act on the canvas, not on form fields.
    await page.click('svg.canvas', { position: { x: 500, y: 420 } }); // empty canvas, above the playback panel
    await page.keyboard.press('Control+a');
    assert.equal(await page.textContent('.inspector-head h2'), '4 selected');
    await page.keyboard.press('Delete');
    assert.equal(await count(page, '.node'), 0);
    await page.keyboard.press('Control+z');
    assert.equal(await count(page, '.node'), 4);
    await page.keyboard.press('Control+Shift+z');
    assert.equal(await count(page, '.node'), 0);
    await page.click('.toolbar .undo');
    assert.equal(await count(page, '.node'), 4);

    // Shift-drag on empty canvas draws a rubber band around the two workers.
    const w1 = await page.locator('[data-name="worker-1"]').boundingBox();
    const w2 = await page.locator('[data-name="worker-2"]').boundingBox();
    await page.keyboard.down('Shift');
    await page.mouse.move(w1.x - 20, w1.y - 20);
    await page.mouse.down();
    await page.mouse.move(w2.x + w2.width + 20, w2.y + w2.height + 20, { steps: 6 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    assert.equal(await page.textContent('.inspector-head h2'), '2 selected');
    // The inspector names what is selected (it used to be empty under the title).
    assert.deepEqual(await page.locator('.several-selected li').allTextContents(), ['Consumer worker-1', 'Consumer worker-2']);
    await page.click('.inspector .delete-selected');
    assert.equal(await count(page, '.node.consumer'), 0);

    // Wheel zooms at the pointer; dragging the empty canvas pans.
    const zoom = await page.textContent('.zoom-level');
    await page.mouse.move(500, 400);
    await page.mouse.wheel(0, -300);
    assert.notEqual(await page.textContent('.zoom-level'), zoom);
    const world = await page.getAttribute('g.world', 'transform');
    const canvas = await page.locator('svg.canvas').boundingBox();
    await page.mouse.move(canvas.x + 40, canvas.y + canvas.height - 40);
    await page.mouse.down();
    await page.mouse.move(canvas.x + 120, canvas.y + canvas.height - 80, { steps: 5 });
    await page.mouse.up();
    assert.notEqual(await page.getAttribute('g.world', 'transform'), world);

    await page.click('.toolbar .help-toggle');
    assert.match(await page.textContent('.help'), /Ctrl\+Shift\+Z/);
    await shot(page, 'help');
    await page.keyboard.press('Escape');
    assert.equal(await count(page, '.help'), 0);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('import shows parse errors and keeps the work; export downloads JSON', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  try {
    await loadScenario(page, 'order-fanout');
    await page.click('.import-export-open');
    const href = await page.getAttribute('.import-export a.download', 'href');
    assert.ok(href.startsWith('data:application/json'));
    assert.equal(JSON.parse(decodeURIComponent(href.split(',').slice(1).join(','))).name, 'Order event fan-out');
    assert.equal(await page.getAttribute('.import-export a.download', 'download'), 'Order-event-fan-out.json');

    await page.fill('.import-export textarea', '{"version": 1, "duration_ms": 1000, "bindings": [{"source": "", "dest": "q"}]}');
    await page.click('.apply-import');
    assert.match(await page.textContent('.import-error'), /bindings\[0\]\.source/);
    await shot(page, 'import-error');
    await page.click('.import-export .close');
    assert.equal(await count(page, '.node'), 6, 'the current work is kept');

    await page.click('.import-export-open');
    await page.fill('.import-export textarea', '{"version": 1, "duration_ms": 1000, "queues": [{"name": "solo"}]}');
    await page.click('.apply-import');
    assert.equal(await count(page, '.import-error'), 0);
    await page.click('.import-export .close');
    assert.equal(await page.textContent('.node.queue .name'), 'solo');

    // A file opened with the file input is imported the same way.
    await page.click('.import-export-open');
    await page.setInputFiles('.import-export input[type=file] >> nth=0', {
      name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1'),
    });
    await page.waitForSelector('.import-error');
    await page.click('.import-export .close');
    assert.equal(await page.textContent('.node.queue .name'), 'solo');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('the language switch and the browser language give Chinese', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl, { locale: 'zh-CN' });
  try {
    assert.equal(await page.textContent('.palette h2'), '添加', 'the default follows navigator.language');
    await loadScenario(page, 'delay-queue');
    await page.click('.node.queue >> nth=0');
    await setField(page, 'x-message-ttl', 'abc');
    assert.equal(await page.textContent('[data-field="x-message-ttl"] .field-error'), '请输入整数。');
    await shot(page, 'editor-zh');
    await page.click('[data-lang=en]');
    assert.equal(await page.textContent('.palette h2'), 'Add');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('usable on a tablet: touch to add, pinch to zoom, no overflow in landscape or portrait', async () => {
  for (const [name, viewport] of [['tablet-landscape', { width: 1024, height: 768 }], ['tablet-portrait', { width: 768, height: 1024 }]]) {
    const { page, errors } = await openApp(env.browser, env.baseUrl, { viewport, hasTouch: true });
    try {
      await loadScenario(page, 'order-fanout');
      // The palette is a drawer on tablets (e2e/tablet.test.mjs).
      await page.tap('[data-drawer-open="palette"]');
      await page.tap('[data-add=queue]');
      assert.equal(await count(page, '.node.queue'), 3);
      // Adding closes the drawer; it slides out for 0.2 s, and a touch meanwhile lands on it.
      await page.waitForSelector('.palette-drawer', { state: 'hidden' });
      const size = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
      assert.ok(size[0] <= viewport.width && size[1] <= viewport.height, `${name} overflows: ${size}`);
      const canvas = await page.locator('svg.canvas').boundingBox();
      assert.ok(canvas.width > 300 && canvas.height > 250, `${name}: canvas too small ${JSON.stringify(canvas)}`);
      await shot(page, name);

      // Two fingers pinch to zoom, one finger pans (touch input through the DevTools protocol).
      const cdp = await page.context().newCDPSession(page);
      const touch = (type, points) =>
        cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
      const x = canvas.x + 60;
      const y = canvas.y + canvas.height - 60;
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
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  }
});
