import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeCharge } from '../../main/tasks/charge-text.js';

describe('describeCharge', () => {
  it('uses the singular for one credit', () => {
    assert.equal(describeCharge(1), 'about 1 credit');
  });

  it('uses the plural otherwise', () => {
    assert.equal(describeCharge(2.5), 'about 2.5 credits');
    assert.equal(describeCharge(0.5), 'about 0.5 credits');
  });

  it('names another charge when unknown', () => {
    assert.equal(describeCharge(null), 'another charge');
  });
});
