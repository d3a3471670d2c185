import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupStems, groupTitle, notDraggableReason, pendingStems, stemsToDrag } from '../../renderer/song/stem-groups.js';
import { parseTags } from '../../renderer/song/tags.js';
import { buildQuery } from '../../renderer/library/library-query.js';
import { makeSeparation, makeSong, makeStem, makeTask } from './fixtures.js';

describe('groupStems', () => {
  it('groups by task id, newest separation first', () => {
    const song = makeSong({
      separations: [
        makeSeparation({ taskId: 'old', mode: 'vocal', createdAt: 1 }),
        makeSeparation({ taskId: 'new', mode: 'vocal', createdAt: 2 }),
      ],
      stems: [
        makeStem({ id: 's/a', taskId: 'old' }),
        makeStem({ id: 's/b', taskId: 'new' }),
        makeStem({ id: 's/c', taskId: 'old' }),
      ],
    });
    const groups = groupStems(song);
    assert.deepEqual(groups.map((group) => group.separation?.taskId), ['new', 'old']);
    assert.deepEqual(groups[1]?.stems.map((stem) => stem.id), ['s/a', 's/c']);
  });

  it('groups by mode when stems carry no task id', () => {
    const song = makeSong({
      separations: [makeSeparation({ taskId: 'v', mode: 'vocal', createdAt: 1 }), makeSeparation({ taskId: 'i', mode: 'instrumental', createdAt: 5 })],
      stems: [makeStem({ id: 's/vocals', mode: 'vocal' }), makeStem({ id: 's/drums', mode: 'instrumental' })],
    });
    const groups = groupStems(song);
    assert.deepEqual(
      groups.map((group) => [group.separation?.taskId, group.stems.map((stem) => stem.id)]),
      [
        ['i', ['s/drums']],
        ['v', ['s/vocals']],
      ],
    );
  });

  it('collects unmatched stems under other', () => {
    const song = makeSong({ separations: [], stems: [makeStem({ id: 's/x', taskId: 'gone' })] });
    const groups = groupStems(song);
    assert.equal(groups.length, 1);
    assert.equal(groups[0]?.separation, null);
  });

  it('leaves out separations without stems', () => {
    const song = makeSong({ separations: [makeSeparation()], stems: [] });
    assert.deepEqual(groupStems(song), []);
  });
});

describe('groupTitle', () => {
  it('uses the mode alone when unique', () => {
    const song = makeSong({
      separations: [makeSeparation({ taskId: 'v-1', mode: 'vocal', createdAt: 1 }), makeSeparation({ taskId: 'i-1', mode: 'instrumental', createdAt: 5 })],
      stems: [makeStem({ id: 's/a', taskId: 'v-1' }), makeStem({ id: 's/b', taskId: 'i-1', mode: 'instrumental' })],
    });
    const groups = groupStems(song);
    assert.deepEqual(groups.map((group) => groupTitle(group, groups)), ['Instrumental separation', 'Vocal separation']);
  });

  it('adds task ids for repeated modes', () => {
    const song = makeSong({
      separations: [
        makeSeparation({ taskId: '1e6233ed-6e42-42fd', mode: 'vocal', createdAt: 1 }),
        makeSeparation({ taskId: '374a5c6f-c4b8-4518', mode: 'vocal', createdAt: 2 }),
      ],
      stems: [makeStem({ id: 's/a', taskId: '1e6233ed-6e42-42fd' }), makeStem({ id: 's/b', taskId: '374a5c6f-c4b8-4518' })],
    });
    const groups = groupStems(song);
    assert.deepEqual(groups.map((group) => groupTitle(group, groups)), ['Vocal separation, task 374a5c6f', 'Vocal separation, task 1e6233ed']);
  });

  it('names unmatched stems other stems', () => {
    const groups = groupStems(makeSong({ separations: [], stems: [makeStem({ id: 's/x', taskId: 'gone' })] }));
    assert.equal(groupTitle(groups[0]!, groups), 'Other stems');
  });
});

describe('stemsToDrag', () => {
  const stems = [makeStem({ id: 'a' }), makeStem({ id: 'b' }), makeStem({ id: 'c' })];

  it('drags the stem alone when it is not selected', () => {
    assert.deepEqual(stemsToDrag(stems[0]!, ['b', 'c'], stems), ['a']);
  });

  it('drags the whole selection from a selected stem', () => {
    assert.deepEqual(stemsToDrag(stems[1]!, ['b', 'c'], stems), ['b', 'c']);
  });

  it('drags one selected stem alone', () => {
    assert.deepEqual(stemsToDrag(stems[1]!, ['b'], stems), ['b']);
  });

  it('leaves out selected stems of other groups', () => {
    assert.deepEqual(stemsToDrag(stems[1]!, ['b', 'elsewhere'], stems), ['b']);
  });
});

describe('pendingStems', () => {
  const progress = (state: 'queued' | 'downloading' | 'ready' | 'failed') => ({ key: state, label: state, bytes: 0, totalBytes: null, state });

  it('lists stems of active tasks not yet downloaded', () => {
    const task = makeTask({ state: 'downloading', songId: 'song-1', stems: [progress('ready'), progress('downloading'), progress('queued')] });
    const pending = pendingStems(makeSong(), [task]);
    assert.deepEqual(pending.map((item) => item.stem.state), ['downloading', 'queued']);
  });

  it('matches tasks by Suno id before the song exists', () => {
    const task = makeTask({ state: 'downloading', songId: null, sunoId: 'suno-1', stems: [progress('queued')] });
    assert.equal(pendingStems(makeSong(), [task]).length, 1);
  });

  it('ignores finished and unrelated tasks', () => {
    const done = makeTask({ state: 'done', songId: 'song-1', stems: [progress('failed')] });
    const other = makeTask({ state: 'downloading', songId: 'song-2', sunoId: 'suno-2', stems: [progress('queued')] });
    assert.deepEqual(pendingStems(makeSong(), [done, other]), []);
  });

  it('explains why each state cannot be dragged', () => {
    assert.match(notDraggableReason(progress('downloading')), /downloading now/);
    assert.match(notDraggableReason(progress('failed')), /retry/);
    assert.match(notDraggableReason({ ...progress('queued'), state: 'expired' }), /deleted/);
  });
});

describe('parseTags', () => {
  it('splits on commas and trims', () => {
    assert.deepEqual(parseTags(' demo, remix ,120 bpm'), ['demo', 'remix', '120 bpm']);
  });

  it('drops blanks and repeats', () => {
    assert.deepEqual(parseTags('a,, a ,b,'), ['a', 'b']);
    assert.deepEqual(parseTags(''), []);
  });
});

describe('buildQuery', () => {
  it('leaves out filters that are off', () => {
    assert.deepEqual(buildQuery({ text: '  ', mode: null, favouritesOnly: false, sort: 'added' }), { sort: 'added' });
  });

  it('includes trimmed text and active filters', () => {
    assert.deepEqual(buildQuery({ text: ' neon ', mode: 'instrumental', favouritesOnly: true, sort: 'title' }), {
      sort: 'title',
      text: 'neon',
      mode: 'instrumental',
      favouritesOnly: true,
    });
  });
});
