import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { debounce, LatestRequest } from '../../renderer/util/debounce.js';

describe('debounce', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('runs once after a burst with the last arguments', () => {
    const calls: string[] = [];
    const search = debounce((text: string) => calls.push(text), 200);

    search('m');
    mock.timers.tick(100);
    search('mi');
    mock.timers.tick(100);
    search('mid');
    mock.timers.tick(199);
    assert.deepEqual(calls, []);

    mock.timers.tick(1);
    assert.deepEqual(calls, ['mid']);
  });

  it('runs again for a later burst', () => {
    const calls: string[] = [];
    const search = debounce((text: string) => calls.push(text), 200);
    search('a');
    mock.timers.tick(200);
    search('b');
    mock.timers.tick(200);
    assert.deepEqual(calls, ['a', 'b']);
  });

  it('cancel drops the pending call', () => {
    const calls: string[] = [];
    const search = debounce((text: string) => calls.push(text), 200);
    search('a');
    search.cancel();
    mock.timers.tick(1000);
    assert.deepEqual(calls, []);
  });

  it('flush runs the pending call now', () => {
    const calls: string[] = [];
    const search = debounce((text: string) => calls.push(text), 200);
    search('a');
    search.flush();
    assert.deepEqual(calls, ['a']);
    mock.timers.tick(1000);
    assert.deepEqual(calls, ['a']);
  });

  it('flush without a pending call does nothing', () => {
    const calls: string[] = [];
    const search = debounce((text: string) => calls.push(text), 200);
    search.flush();
    assert.deepEqual(calls, []);
  });
});

describe('LatestRequest', () => {
  it('marks only the newest request current', () => {
    const latest = new LatestRequest();
    const first = latest.begin();
    assert.equal(first(), true);
    const second = latest.begin();
    assert.equal(first(), false);
    assert.equal(second(), true);
  });

  it('drops slow responses to older searches', async () => {
    const latest = new LatestRequest();
    let displayed = '';
    const responses = new Map<string, () => void>();
    const search = async (text: string): Promise<void> => {
      const isLatest = latest.begin();
      await new Promise<void>((resolve) => responses.set(text, resolve));
      if (isLatest()) displayed = text;
    };

    const older = search('mid');
    const newer = search('midnight');
    responses.get('midnight')?.();
    await newer;
    responses.get('mid')?.();
    await older;
    assert.equal(displayed, 'midnight');
  });
});
