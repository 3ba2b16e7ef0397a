// Browser tests of herald.js and the demo page, in Debian's Chromium driven by playwright-core.
// HERALD_BASE names a Herald in dev mode, e.g. http://127.0.0.1:8123/herald/ (BrowserIT starts one).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { cuttableRelay, bufferingProxy } from './proxies.mjs';
import { createHmac } from 'node:crypto';

const BASE = process.env.HERALD_BASE;
// A second node of the same cluster, where the admin console's kick must reach (optional).
const OTHER_BASE = process.env.HERALD_OTHER_BASE || BASE;
const SHOTS = process.env.HERALD_SCREENSHOTS || 'target/browser';
const TIMEOUT = 15000;
// The node's herald.jwt.secret (BrowserIT sets both), for tokens that expire in seconds.
const SECRET = process.env.HERALD_SECRET;
let browser;

before(async () => {
  assert.ok(BASE, 'HERALD_BASE must name a running Herald in dev mode');
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync']
  });
});

after(async () => {
  await browser?.close();
});

async function publish(user, data, type = 'update') {
  const token = (await (await fetch(BASE + 'api/dev/token?sub=publisher')).json()).token;
  const response = await fetch(BASE + 'api/users/' + user + '/notifications', {
    method: 'POST',
    headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
    body: JSON.stringify({ type, data })
  });
  assert.equal(response.status, 202);
  return (await response.json()).id;
}

async function openDemo(user, { withoutEventSource = false, via = BASE, timeout = TIMEOUT } = {}) {
  const page = await browser.newPage();
  if (withoutEventSource) {
    await page.addInitScript(() => { delete window.EventSource; });
  }
  await page.goto(via + 'index.html');
  await page.fill('#channel', 'user:' + user);
  await page.click('#connect button');
  await page.waitForFunction(() => window.heraldConnection && window.heraldConnection.state === 'open', null, { timeout });
  return page;
}

const shown = (page) => page.$$eval('#notifications li', (items) => items.map((li) => li.dataset.id).reverse());

async function waitForCount(page, count) {
  await page.waitForFunction((n) => document.querySelectorAll('#notifications li').length >= n, count, { timeout: TIMEOUT });
}

test('the demo page connects over SSE and shows a published event', async () => {
  const user = 'b-' + Date.now();
  const page = await openDemo(user);
  assert.equal(await page.textContent('#transport'), 'sse');
  const id = await publish(user, { hello: 'browser' });
  await waitForCount(page, 1);
  assert.deepEqual(await shown(page), [id]);
  await page.screenshot({ path: SHOTS + '/demo.png', fullPage: true });
  await page.close();
});

test('after the client drops the connection it resumes with no loss and no duplicate', async () => {
  const user = 'c-' + Date.now();
  const page = await openDemo(user);
  const ids = [await publish(user, 1)];
  await waitForCount(page, 1);
  await page.evaluate(() => window.heraldConnection.dropConnection(1500));
  ids.push(await publish(user, 2));
  ids.push(await publish(user, 3));
  await waitForCount(page, 3);
  ids.push(await publish(user, 4));
  await waitForCount(page, 4);
  assert.deepEqual(await shown(page), ids);
  assert.ok(Number(await page.textContent('#reconnects')) >= 1);
  await page.close();
});

test('after the connection is cut on the server side the client resumes with no loss and no duplicate', async () => {
  const relay = await cuttableRelay(BASE);
  try {
    const user = 'r-' + Date.now();
    const page = await openDemo(user, { via: relay.base });
    const ids = [await publish(user, 1)];
    await waitForCount(page, 1);
    assert.ok(relay.cut() >= 1, 'the stream ran through the relay');
    await page.waitForFunction(() => window.heraldConnection.state === 'reconnecting', null, { timeout: TIMEOUT });
    ids.push(await publish(user, 2));
    ids.push(await publish(user, 3));
    await waitForCount(page, 3);
    ids.push(await publish(user, 4));
    await waitForCount(page, 4);
    assert.deepEqual(await shown(page), ids);
    assert.equal(await page.textContent('#transport'), 'sse');
    assert.ok(Number(await page.textContent('#reconnects')) >= 1);
    await page.close();
  } finally {
    await relay.close();
  }
});

test('behind a proxy that buffers responses it falls back to long-polling and gets everything once, in order', async () => {
  const proxy = await bufferingProxy(BASE);
  try {
    const user = 'x-' + Date.now();
    // The stream's connected event never passes the proxy: the client gives up on it after 10 s.
    const page = await openDemo(user, { via: proxy.base, timeout: 30000 });
    assert.equal(await page.textContent('#transport'), 'long-poll');
    const ids = [];
    for (let i = 0; i < 4; i++) {
      ids.push(await publish(user, i));
    }
    await waitForCount(page, 4);
    assert.deepEqual(await shown(page), ids);
    await page.screenshot({ path: SHOTS + '/buffering-proxy.png', fullPage: true });
    await page.close();
  } finally {
    await proxy.close();
  }
});

test('without EventSource it falls back to polling and still gets everything once, in order', async () => {
  const user = 'p-' + Date.now();
  const page = await openDemo(user, { withoutEventSource: true });
  assert.equal(await page.textContent('#transport'), 'long-poll');
  const ids = [];
  for (let i = 0; i < 5; i++) {
    ids.push(await publish(user, i, i % 2 ? 'order-shipped' : 'update'));
  }
  await waitForCount(page, 5);
  assert.deepEqual(await shown(page), ids);
  await page.screenshot({ path: SHOTS + '/polling.png', fullPage: true });
  await page.close();
});

function mintToken(sub, seconds) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = part({ alg: 'HS256', typ: 'JWT' }) + '.' + part({ sub, exp: Math.floor(Date.now() / 1000) + seconds });
  return unsigned + '.' + createHmac('sha256', SECRET).update(unsigned).digest('base64url');
}

test('when the token expires the client asks for a fresh one and resumes with no loss', { skip: !SECRET && 'HERALD_SECRET not set' }, async () => {
  const user = 'x-' + Date.now();
  const page = await browser.newPage();
  await page.exposeFunction('mintToken', mintToken);
  await page.goto(BASE + 'index.html');
  await page.evaluate(({ base, user }) => {
    window.expiryTest = { ids: [], expired: 0, mints: 0 };
    const test = window.expiryTest;
    test.connection = window.Herald.connect({
      base, channel: 'user:' + user,
      token: async () => window.mintToken(user, ++test.mints === 1 ? 3 : 3600)
    });
    test.connection.addEventListener('notification', (e) => test.ids.push(e.detail.id));
    test.connection.addEventListener('tokenexpired', () => test.expired++);
  }, { base: BASE, user });
  await page.waitForFunction(() => window.expiryTest.connection.state === 'open', null, { timeout: TIMEOUT });
  const ids = [await publish(user, 'before')];
  await page.waitForFunction(() => window.expiryTest.expired === 1 && window.expiryTest.mints === 2
    && window.expiryTest.connection.state === 'open', null, { timeout: TIMEOUT });
  ids.push(await publish(user, 'after'));
  await page.waitForFunction((n) => window.expiryTest.ids.length >= n, ids.length, { timeout: TIMEOUT });
  assert.deepEqual(await page.evaluate(() => window.expiryTest.ids), ids);
  assert.equal(await page.evaluate(() => window.expiryTest.connection.transport), 'sse');
  await page.evaluate(() => window.expiryTest.connection.close());
  await page.close();
});

test('closed while the app is still getting its token, the client stays closed', async () => {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    const Native = window.EventSource;
    window.eventSourcesOpened = 0;
    window.EventSource = class extends Native {
      constructor(...args) {
        super(...args);
        window.eventSourcesOpened++;
      }
    };
  });
  // A page of the node's origin that connects nothing by itself (the demo page connects at load).
  await page.goto(BASE + 'api/health');
  await page.addScriptTag({ url: BASE + 'herald.js' });
  const after = await page.evaluate(async (base) => {
    let give;
    const errors = [];
    const connection = window.Herald.connect({
      base, channel: 'user:closed-' + Date.now(), token: () => new Promise((resolve) => { give = resolve; })
    });
    connection.addEventListener('error', (e) => errors.push(e.detail));
    connection.close();
    give('a-token-that-comes-too-late');
    // What the token sets off runs in microtasks; a task queued after it runs once they all have.
    await new Promise((resolve) => setTimeout(resolve, 0));
    return { state: connection.state, eventSourcesOpened: window.eventSourcesOpened, errors };
  }, BASE).finally(() => page.close());
  assert.deepEqual(after, { state: 'closed', eventSourcesOpened: 0, errors: [] });
});

test('the admin console shows live figures that change when a client connects, and its kick reaches another node', async () => {
  const token = (await (await fetch(BASE + 'api/dev/token?sub=operator&groups=admin')).json()).token;
  const page = await browser.newPage();
  await page.goto(BASE + 'admin/');
  await page.fill('#token', token);
  await page.click('#signin button');
  await page.waitForFunction(() => document.getElementById('feed-state').textContent === 'live', null, { timeout: TIMEOUT }).catch((e) => { throw new Error('console never live: ' + e.message); });
  // Streams of the earlier tests' closed pages are released by the server's heartbeat (1 s in BrowserIT).
  // A failure says what the console showed: the cluster's count and each node's row.
  const sseIs = (n) => page.waitForFunction((count) => Number(document.getElementById('cluster-sse').textContent) === count, n,
    { timeout: TIMEOUT }).catch(async (e) => {
    const shown = await page.evaluate(() => ({
      sse: document.getElementById('cluster-sse').textContent,
      feed: document.getElementById('feed-state').textContent,
      nodes: [...document.querySelectorAll('#nodes tr')].map((row) => row.textContent.trim().replace(/\s+/g, ' '))
    }));
    throw new Error('cluster SSE count never ' + n + ': ' + JSON.stringify(shown) + ' (' + e.message + ')');
  });
  await sseIs(0);
  const user = 'a-' + Date.now();
  const client = await openDemo(user, { via: OTHER_BASE });
  await sseIs(1);
  await page.fill('#kick-user', user);
  await page.click('#kick button');
  await client.waitForFunction(() => window.heraldConnection.state === 'closed', null, { timeout: TIMEOUT });
  await sseIs(0);
  await page.screenshot({ path: SHOTS + '/admin.png', fullPage: true });
  await client.close();
  await page.close();
});
