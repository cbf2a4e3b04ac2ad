// End-to-end test of RabbitMQ definitions in the release build: download a scenario's topology
// as definitions.json, open a file recorded from a real RabbitMQ (its warnings shown, its
// topology on the canvas), and a broken file refused with the work kept.
//
//   trunk build --release && node --test e2e/definitions.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, openApp, shot, ROOT, loadScenario } from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

test('definitions: download the topology, open a broker export with its warnings, refuse a broken file', async () => {
  const { page, errors, requests } = await openApp(env.browser, env.baseUrl);
  try {
    await loadScenario(page, 'delay-queue');
    await page.click('.import-export-open');
    const link = page.locator('.import-export a.download-definitions');
    assert.equal(await link.getAttribute('download'), 'definitions.json');
    const href = await link.getAttribute('href');
    const defs = JSON.parse(decodeURIComponent(href.split(',').slice(1).join(',')));
    assert.deepEqual(defs.vhosts, [{ name: '/' }]);
    assert.deepEqual(defs.exchanges.map((x) => x.name), ['cancel.x']);
    const delay = defs.queues.find((q) => q.name === 'order.delay');
    assert.equal(delay.arguments['x-message-ttl'], 30000);
    assert.equal(delay.arguments['x-dead-letter-exchange'], 'cancel.x');
    assert.deepEqual(defs.bindings.map((b) => [b.source, b.destination, b.destination_type, b.routing_key]), [['cancel.x', 'order.cancel', 'queue', 'cancel']]);
    assert.match(await page.textContent('ul.definitions-notes'), /1 producer, 1 consumer/);

    // A file exported from a real RabbitMQ 3.10: a stream, a federation upstream, a consistent-hash exchange.
    await page.setInputFiles('.open-definitions input', path.join(ROOT, 'conformance/definitions/streams-federation.json'));
    await page.waitForSelector('.definitions-warnings li');
    const warnings = await page.locator('.definitions-warnings li').allTextContents();
    assert.ok(warnings.some((w) => w.includes('"events.stream" is a stream; streams are not simulated')), warnings.join('\n'));
    assert.ok(warnings.some((w) => w.includes('federation-upstream "origin" is not simulated')), warnings.join('\n'));
    await shot(page, 'definitions-imported');
    await page.click('.import-export .close');
    const names = (await page.locator('.node .name').allTextContents()).sort();
    assert.deepEqual(names, ['events', 'events.work', 'shard.1']);

    // A broken file: a clear error naming the field, and the imported topology stays.
    await page.click('.import-export-open');
    await page.setInputFiles('.open-definitions input', {
      name: 'broken.json', mimeType: 'application/json',
      buffer: Buffer.from('{"queues": [{"name": "q", "arguments": {"x-max-length": "ten"}}]}'),
    });
    await page.waitForSelector('.definitions-error');
    assert.match(await page.textContent('.definitions-error'), /queues\[0\]\.arguments: invalid arg 'x-max-length'/);
    await page.click('.import-export .close');
    assert.equal(await page.locator('.node').count(), 3, 'the work is kept');
    assert.deepEqual(errors, []);
    assert.ok(requests.every((url) => url.startsWith(env.baseUrl) || url.startsWith('data:')), requests.join('\n'));
  } finally {
    await page.close();
  }
});
