import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeCost, estimateCost } from '../../renderer/separate/cost-estimate.js';
import { makeTask } from './fixtures.js';

describe('estimateCost', () => {
  it('is unknown before any charge', () => {
    assert.deepEqual(estimateCost([makeTask({ mode: 'vocal', credits: null })], 'vocal', 2), { perSong: null, total: null });
  });

  it('uses the latest charge of the mode', () => {
    const tasks = [
      makeTask({ id: 'a', mode: 'vocal', credits: 1, completedAt: 1_000 }),
      makeTask({ id: 'b', mode: 'vocal', credits: 1.5, completedAt: 5_000 }),
      makeTask({ id: 'c', mode: 'instrumental', credits: 4, completedAt: 9_000 }),
    ];
    assert.deepEqual(estimateCost(tasks, 'vocal', 3), { perSong: 1.5, total: 4.5 });
    assert.deepEqual(estimateCost(tasks, 'instrumental', 1), { perSong: 4, total: 4 });
  });
});

describe('describeCost', () => {
  it('explains an unknown cost', () => {
    const { text, shortfall } = describeCost({ perSong: null, total: null }, 'instrumental', 1, 0);
    assert.match(text, /first instrumental separation/);
    assert.equal(shortfall, false);
  });

  it('names the total and its basis', () => {
    const { text } = describeCost({ perSong: 0.5, total: 1 }, 'vocal', 2, 10);
    assert.equal(text, 'Estimated cost: about 1 credit for 2 songs (your last vocal separation cost 0.5 credits).');
  });

  it('gives the cost per song before a choice', () => {
    const { text, shortfall } = describeCost({ perSong: 1, total: 0 }, 'vocal', 0, 0.5);
    assert.equal(text, 'Estimated cost: about 1 credit per song (your last vocal separation cost 1 credit).');
    assert.equal(shortfall, false);
  });

  it('flags a balance below the total', () => {
    assert.equal(describeCost({ perSong: 3, total: 6 }, 'vocal', 2, 5).shortfall, true);
    assert.equal(describeCost({ perSong: 3, total: 6 }, 'vocal', 2, 6).shortfall, false);
    assert.equal(describeCost({ perSong: 3, total: 6 }, 'vocal', 2, null).shortfall, false);
  });
});
