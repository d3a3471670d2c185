// Stem links read from media_info: labels, order, and rejection of values that are not web URLs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { labelFromKey, readStems } from '../../main/api/stems.js';
import { SEED_IDS } from '../simulator/seed.js';
import { ManualClock } from '../../main/util/manual-clock.js';
import { startHarness, type Harness } from './helpers.js';

describe('readStems', () => {
  it('labels known and unknown keys', () => {
    const { stems, rejectedStems } = readStems({
      lead_guitar_url: 'https://cdn.example.com/lead.mp3',
      vocal_url: 'https://cdn.example.com/vocal.mp3',
      origin_url: 'https://cdn.example.com/origin.mp3',
      backing_vocals_url: 'http://cdn.example.com/bv.mp3',
      'sub-bass_url': 'https://cdn.example.com/sub.mp3',
    });
    assert.deepEqual(
      stems.map((stem) => [stem.key, stem.label]),
      [
        ['origin', 'Original Mix'],
        ['vocal', 'Vocals'],
        ['backing_vocals', 'Backing Vocals'],
        ['lead_guitar', 'Lead Guitar'],
        ['sub-bass', 'Sub Bass'],
      ],
    );
    assert.deepEqual(rejectedStems, []);
  });

  it('skips null and missing values', () => {
    const { stems, rejectedStems } = readStems({ origin_url: 'https://cdn.example.com/o.mp3', drums_url: null, bass_url: undefined });
    assert.deepEqual(
      stems.map((stem) => stem.key),
      ['origin'],
    );
    assert.deepEqual(rejectedStems, []);
  });

  it('ignores keys without the _url suffix', () => {
    const { stems, rejectedStems } = readStems({ origin_url: 'https://cdn.example.com/o.mp3', duration: 12, format: 'mp3' });
    assert.equal(stems.length, 1);
    assert.deepEqual(rejectedStems, []);
  });

  it('rejects values that are not web URLs', () => {
    const { stems, rejectedStems } = readStems({
      origin_url: 'file:///etc/passwd',
      vocal_url: 'javascript:alert(1)',
      drums_url: 'data:audio/mpeg;base64,AAAA',
      bass_url: 'not a url at all',
      guitar_url: '/relative/path.mp3',
      synth_url: 42,
      fx_url: { nested: 'https://cdn.example.com/fx.mp3' },
      brass_url: ['https://cdn.example.com/brass.mp3'],
      strings_url: `https://cdn.example.com/${'s'.repeat(5000)}`,
      keyboard_url: 'https://cdn.example.com/keys.mp3',
    });
    assert.deepEqual(
      stems.map((stem) => stem.key),
      ['keyboard'],
    );
    const reasons = new Map(rejectedStems.map((entry) => [entry.sourceKey, entry.reason]));
    assert.match(reasons.get('origin_url') ?? '', /file:/);
    assert.match(reasons.get('vocal_url') ?? '', /javascript:/);
    assert.match(reasons.get('drums_url') ?? '', /data:/);
    assert.match(reasons.get('bass_url') ?? '', /not an absolute URL/);
    assert.match(reasons.get('guitar_url') ?? '', /not an absolute URL/);
    assert.match(reasons.get('synth_url') ?? '', /number/);
    assert.match(reasons.get('fx_url') ?? '', /object/);
    assert.match(reasons.get('brass_url') ?? '', /array/);
    assert.match(reasons.get('strings_url') ?? '', /longer than/);
    assert.equal(rejectedStems.length, 9);
  });

  it('rejects keys unsafe in file names', () => {
    const { stems, rejectedStems } = readStems({ '../../evil_url': 'https://cdn.example.com/e.mp3', '_url': 'https://cdn.example.com/x.mp3', 'a b_url': 'https://cdn.example.com/y.mp3' });
    assert.deepEqual(stems, []);
    assert.equal(rejectedStems.length, 3);
  });

  it('rejects keys equal apart from case', () => {
    const { stems, rejectedStems } = readStems({ drums_url: 'https://cdn.example.com/d1.mp3', Drums_url: 'https://cdn.example.com/d2.mp3' });
    assert.deepEqual(
      stems.map((stem) => stem.url),
      ['https://cdn.example.com/d1.mp3'],
    );
    assert.match(rejectedStems[0]?.reason ?? '', /duplicate/);
  });

  for (const value of [null, 'https://cdn.example.com/all.zip', 7, ['x'], undefined]) {
    it(`rejects media_info ${JSON.stringify(value) ?? 'undefined'}`, () => {
      const { stems, rejectedStems } = readStems(value);
      assert.deepEqual(stems, []);
      assert.equal(rejectedStems.length, 1);
      assert.equal(rejectedStems[0]?.sourceKey, 'media_info');
    });
  }

  it('caps the number of entries', () => {
    const mediaInfo: Record<string, string> = {};
    for (let index = 0; index < 100; index++) mediaInfo[`extra${index}_url`] = `https://cdn.example.com/${index}.mp3`;
    const { stems, rejectedStems } = readStems(mediaInfo);
    assert.equal(stems.length, 64);
    assert.equal(rejectedStems.length, 36);
  });

  it('labels from key words', () => {
    assert.equal(labelFromKey('lead_guitar'), 'Lead Guitar');
    assert.equal(labelFromKey('pad__2'), 'Pad 2');
  });
});

describe('stems through the client', () => {
  let harness: Harness;
  const clock = new ManualClock();

  before(async () => {
    harness = await startHarness({ clock, pendingMs: 0, runningMs: 1000 });
  });
  after(() => harness.close());

  it('keeps good stems beside rejected ones', async () => {
    const { taskId } = await harness.client.createSeparation({ generationTaskId: SEED_IDS.midnightTask, sunoId: SEED_IDS.midnightSong, mode: 'vocal' });
    await clock.advance(1000);
    harness.sim.injectFaults('TaskInfo', [
      {
        kind: 'media-info',
        entries: { instrumental_url: null, vocal_url: 'javascript:alert(1)', harp_url: `${harness.sim.url}/files/${taskId}/origin.mp3`, origin_url: 'file:///etc/passwd' },
      },
    ]);
    const info = await harness.client.getSeparationTask(taskId);
    assert.equal(info.status, 'success');
    assert.deepEqual(
      info.stems.map((stem) => [stem.key, stem.label]),
      [['harp', 'Harp']],
    );
    assert.deepEqual(info.rejectedStems.map((entry) => entry.sourceKey).sort(), ['origin_url', 'vocal_url']);
  });

  it('reports a success without media_info', async () => {
    const { taskId } = await harness.client.createSeparation({ generationTaskId: SEED_IDS.paperTask, sunoId: SEED_IDS.paperSong, mode: 'vocal' });
    await clock.advance(1000);
    harness.sim.injectFaults('TaskInfo', [
      {
        kind: 'transform',
        transform: (envelope) => {
          (envelope.data as { result: unknown }).result = { code: 200, message: 'success' };
          return envelope;
        },
      },
    ]);
    const info = await harness.client.getSeparationTask(taskId);
    assert.equal(info.status, 'success');
    assert.deepEqual(info.stems, []);
    assert.equal(info.rejectedStems[0]?.sourceKey, 'media_info');
    assert.equal(info.failure, null);
  });
});
