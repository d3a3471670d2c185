import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { navigateList } from '../../renderer/library/list-navigation.js';

describe('navigateList', () => {
  it('moves by one with arrows, clamped at the ends', () => {
    assert.equal(navigateList('ArrowDown', 3, 10, 5), 4);
    assert.equal(navigateList('ArrowUp', 3, 10, 5), 2);
    assert.equal(navigateList('ArrowDown', 9, 10, 5), 9);
    assert.equal(navigateList('ArrowUp', 0, 10, 5), 0);
  });

  it('starts at the first row without a selection', () => {
    assert.equal(navigateList('ArrowDown', -1, 10, 5), 0);
    assert.equal(navigateList('ArrowUp', -1, 10, 5), 0);
  });

  it('pages by one row less than visible', () => {
    assert.equal(navigateList('PageDown', 0, 100, 10), 9);
    assert.equal(navigateList('PageUp', 50, 100, 10), 41);
    assert.equal(navigateList('PageDown', 95, 100, 10), 99);
    assert.equal(navigateList('PageUp', 3, 100, 10), 0);
  });

  it('jumps to the ends with Home and End', () => {
    assert.equal(navigateList('Home', 50, 10_000, 10), 0);
    assert.equal(navigateList('End', 50, 10_000, 10), 9_999);
  });

  it('ignores other keys and empty lists', () => {
    assert.equal(navigateList('a', 3, 10, 5), null);
    assert.equal(navigateList('ArrowDown', -1, 0, 5), null);
  });
});
