// Background work (the index cache save) waits for requests being answered, and work nobody
// waits for also for the burst around them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AFTER_REQUESTS_MS, answer, backgroundTurn, requestsPaused } from '../../server/src/node/foreground.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('foreground', () => {
  it('runs no background chunk while a request awaits, and runs it once the request is answered', async () => {
    const order: string[] = [];
    const request = answer(async () => {
      order.push('request starts');
      for (let i = 0; i < 5; i++) await sleep(10); // awaits, as a request reading the disk does
      order.push('request answered');
    });
    const chunk = backgroundTurn().then(() => order.push('background chunk'));
    await Promise.all([request, chunk]);
    assert.deepEqual(order, ['request starts', 'request answered', 'background chunk']);
  });

  it('runs background chunks at once when no request is being answered', async () => {
    const started = performance.now();
    for (let i = 0; i < 20; i++) await backgroundTurn();
    assert.ok(performance.now() - started < 500);
  });

  it('holds work nobody waits for back a little after a request, and work an edit needs not at all', async () => {
    await answer(() => 1);
    const answeredAt = Date.now();
    const order: string[] = [];
    const later = backgroundTurn(AFTER_REQUESTS_MS).then(() => order.push(`after the burst, ${Date.now() - answeredAt} ms`));
    const soon = backgroundTurn().then(() => order.push('for an edit'));
    await Promise.all([later, soon]);
    assert.equal(order[0], 'for an edit');
    const waited = Number(/(\d+) ms/.exec(order[1]!)![1]);
    // Less one: the answer's clock reading and this test's may fall on two sides of a millisecond.
    assert.ok(waited >= AFTER_REQUESTS_MS - 1, `waited ${waited} ms`);
  });

  it('does not wait for ever on a request that never ends', async () => {
    let release = () => {};
    const stuck = answer(() => new Promise<void>((resolve) => (release = resolve)));
    const started = performance.now();
    await backgroundTurn();
    const waited = performance.now() - started;
    release();
    await stuck;
    assert.ok(waited >= 900 && waited < 3_000, `waited ${waited.toFixed(0)} ms`);
  });

  it('starts background work once requests have paused, or at the latest after the longest wait', async () => {
    await answer(() => sleep(1));
    let started = performance.now();
    await requestsPaused(300, 5_000);
    let waited = performance.now() - started;
    assert.ok(waited >= 250 && waited < 1_000, `after a pause of 300 ms: waited ${waited.toFixed(0)} ms`);

    let typing = true;
    const keystrokes = (async () => {
      while (typing) await answer(() => sleep(50));
    })();
    started = performance.now();
    await requestsPaused(300, 800);
    waited = performance.now() - started;
    typing = false;
    await keystrokes;
    assert.ok(waited >= 750 && waited < 2_000, `requests never pausing: waited ${waited.toFixed(0)} ms`);
  });

  it('passes a handler’s result and error through', async () => {
    assert.equal(await answer(() => 42), 42);
    await assert.rejects(answer(() => Promise.reject(new Error('bad file'))), /bad file/);
    const started = performance.now();
    await backgroundTurn();
    assert.ok(performance.now() - started < 200, 'a failed request does not hold background work back');
  });
});
