import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTaskIds } from '../../renderer/separate/task-ids.js';

const ID_A = '3b1f8c52-6d0e-4a8e-9c47-1f2a6b7d9e01';
const ID_B = '7e2d4a10-9f3b-4c6d-8a25-6b1e0f4c3d02';

describe('parseTaskIds', () => {
  it('splits lines, commas and spaces', () => {
    assert.deepEqual(parseTaskIds(`${ID_A}\n${ID_B}`).ids, [ID_A, ID_B]);
    assert.deepEqual(parseTaskIds(`${ID_A}, ${ID_B}`).ids, [ID_A, ID_B]);
    assert.deepEqual(parseTaskIds(` ${ID_A}  ${ID_B}\r\n`).ids, [ID_A, ID_B]);
  });

  it('drops duplicates keeping order', () => {
    assert.deepEqual(parseTaskIds(`${ID_B}\n${ID_A}\n${ID_B}`).ids, [ID_B, ID_A]);
  });

  it('returns nothing for blank input', () => {
    assert.deepEqual(parseTaskIds('  \n , '), { ids: [], invalid: [] });
  });

  it('takes the id from a task_id URL parameter', () => {
    const parsed = parseTaskIds(`https://api.crun.ai/api/v1/client/job/TaskInfo?task_id=${ID_A}&x=1`);
    assert.deepEqual(parsed.ids, [ID_A]);
    assert.deepEqual(parsed.invalid, []);
  });

  it('reports entries that are not ids', () => {
    const parsed = parseTaskIds(`${ID_A}\n<script>\n-leading-dash`);
    assert.deepEqual(parsed.ids, [ID_A]);
    assert.deepEqual(parsed.invalid, ['<script>', '-leading-dash']);
  });

  it('rejects ids over 128 characters', () => {
    const parsed = parseTaskIds('a'.repeat(129));
    assert.deepEqual(parsed.ids, []);
    assert.equal(parsed.invalid.length, 1);
  });
});
