import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeMp3, probeDuration, probeStem } from '../../main/library/audio-probe.js';
import { checkSeparation, type CheckedStem } from '../../main/library/stem-check.js';
import { INSTRUMENTAL_MODE_KEYS, VOCAL_MODE_KEYS, labelForKey } from '../../main/library/stem-keys.js';
import { FIXTURE_AUDIO, makeTempDir } from './helpers.js';

function stems(keys: readonly string[], duration = 4): CheckedStem[] {
  return keys.map((key) => ({ key, label: labelForKey(key), fileName: `${key}.mp3`, durationSeconds: duration, nearSilent: false }));
}

describe('checkSeparation', () => {
  it('accepts a complete vocal separation', () => {
    const report = checkSeparation('vocal', stems(VOCAL_MODE_KEYS));
    assert.equal(report.ok, true);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.warnings, []);
  });

  it('fails a vocal separation without instrumental', () => {
    const report = checkSeparation('vocal', stems(['origin', 'vocal']));
    assert.equal(report.ok, false);
    assert.deepEqual(report.missingKeys, ['instrumental']);
    assert.match(report.errors[0] ?? '', /Instrumental stem is missing/u);
  });

  it('accepts an explained missing stem', () => {
    const report = checkSeparation('vocal', stems(['origin', 'vocal']), [{ key: 'instrumental', reason: 'the link had expired.' }]);
    assert.equal(report.ok, true);
    assert.deepEqual(report.warnings, ['Instrumental stem is absent: the link had expired.']);
  });

  it('only warns for 12-stem gaps', () => {
    const report = checkSeparation('instrumental', stems(INSTRUMENTAL_MODE_KEYS.filter((key) => key !== 'brass' && key !== 'fx')));
    assert.equal(report.ok, true);
    assert.deepEqual(report.missingKeys, ['fx', 'brass']);
    assert.equal(report.warnings.length, 2);
  });

  it('flags durations 50 ms apart', () => {
    const list = stems(VOCAL_MODE_KEYS);
    list[1] = { ...list[1]!, durationSeconds: 4.049 };
    list[2] = { ...list[2]!, durationSeconds: 4.051 };
    const report = checkSeparation('vocal', list);
    assert.equal(report.warnings.length, 1);
    assert.match(report.warnings[0] ?? '', /Instrumental \(instrumental\.mp3\) lasts 4\.051 s, 51 ms apart from the mix/u);
  });

  it('compares with the median without a mix', () => {
    const list = stems(['vocal', 'instrumental', 'drums']).map((stem, index) => ({ ...stem, durationSeconds: [4, 4.01, 5][index] ?? 0 }));
    const report = checkSeparation('instrumental', list);
    assert.ok(report.warnings.some((warning) => warning.startsWith('Drums (drums.mp3) lasts 5.000 s') && warning.includes('the other stems')));
  });

  it('lists near-silent stems', () => {
    const list = stems(VOCAL_MODE_KEYS).map((stem) => ({ ...stem, nearSilent: stem.key === 'vocal' }));
    const report = checkSeparation('vocal', list);
    assert.deepEqual(report.nearSilentKeys, ['vocal']);
    assert.deepEqual(report.warnings, ['Vocals (vocal.mp3) is near-silent.']);
  });

  it('notes an unreadable duration', () => {
    const list = stems(VOCAL_MODE_KEYS).map((stem) => ({ ...stem, durationSeconds: stem.key === 'origin' ? null : 4 }));
    const report = checkSeparation('vocal', list);
    assert.deepEqual(report.warnings, ['Origin (origin.mp3): duration could not be read.']);
  });
});

describe('audio probe', () => {
  it('decodes fixture MP3s to 4 s', async () => {
    for (const key of ['origin', 'drums', 'vocal']) {
      const level = await analyzeMp3(path.join(FIXTURE_AUDIO, `${key}.mp3`));
      assert.ok(level);
      assert.equal(level.durationSeconds, 4, key);
      assert.equal(level.sampleRate, 44100);
      assert.equal(level.nearSilent, false, key);
      assert.ok(level.maxWindowDbfs > -30, `${key}: ${level.maxWindowDbfs}`);
    }
  });

  it('flags the quiet fixtures', async () => {
    for (const key of ['brass', 'woodwinds']) {
      const level = await analyzeMp3(path.join(FIXTURE_AUDIO, `${key}.mp3`));
      assert.equal(level?.nearSilent, true, key);
      assert.ok((level?.peakDbfs ?? 0) < -60, key);
    }
  });

  it('reads header durations', async () => {
    const duration = await probeDuration(path.join(FIXTURE_AUDIO, 'bass.mp3'));
    assert.notEqual(duration, null);
    assert.ok(Math.abs((duration ?? 0) - 4) < 0.06, String(duration));
  });

  it('survives a file that is not audio', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const file = path.join(dir, 'broken.mp3');
      await writeFile(file, 'this is not an mp3 file at all');
      assert.equal(await analyzeMp3(file), null);
      const facts = await probeStem(file, 'broken.mp3');
      assert.equal(facts.nearSilent, false);
      assert.equal(facts.maxWindowDbfs, null);
    } finally {
      await cleanup();
    }
  });
});
