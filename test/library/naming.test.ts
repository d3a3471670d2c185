import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../main/errors.js';
import { DEFAULT_NAMING_TEMPLATE, parseNamingTemplate, previewNaming, renderFolderName, renderStemBaseName } from '../../main/library/naming.js';
import { parseStemLabel, stemNameLabel } from '../../main/library/stem-keys.js';
import { songMeta } from './helpers.js';

const song = songMeta();

function rejects(template: string, pattern: RegExp): void {
  assert.throws(
    () => parseNamingTemplate(template),
    (error: unknown) => error instanceof AppError && error.code === 'invalid_argument' && pattern.test(error.message),
    template,
  );
}

describe('naming template', () => {
  it('renders the default names', () => {
    const template = parseNamingTemplate(DEFAULT_NAMING_TEMPLATE);
    assert.equal(renderFolderName(template, song), 'Midnight Addiction');
    assert.equal(renderStemBaseName(template, song, { key: 'drums', label: 'Drums', mode: 'instrumental' }), 'Midnight Addiction - Drums');
  });

  it('marks 12-stem vocals and mix', () => {
    const template = parseNamingTemplate(DEFAULT_NAMING_TEMPLATE);
    const vocal = renderStemBaseName(template, song, { key: 'vocal', label: 'Vocals', mode: 'vocal' });
    const twelve = renderStemBaseName(template, song, { key: 'vocal', label: 'Vocals', mode: 'instrumental' });
    const origin = renderStemBaseName(template, song, { key: 'origin', label: 'Origin', mode: 'instrumental' });
    assert.equal(vocal, 'Midnight Addiction - Vocals');
    assert.equal(twelve, 'Midnight Addiction - Vocals (12-stem)');
    assert.equal(origin, 'Midnight Addiction - Origin (12-stem)');
  });

  it('accepts a folder part and song placeholders', () => {
    const template = parseNamingTemplate('{date} {title}/{shortId} {key} ({mode})');
    assert.equal(renderFolderName(template, song), '2026-03-14 Midnight Addiction');
    assert.equal(renderStemBaseName(template, song, { key: 'bass', label: 'Bass', mode: 'instrumental' }), 'a1b2c3d4 bass (instrumental)');
  });

  it('uses the added date without a creation date', () => {
    const template = parseNamingTemplate('{date}/{stem}');
    assert.equal(renderFolderName(template, { ...song, createdAt: null, addedAt: Date.UTC(2025, 11, 31) }), '2025-12-31');
  });

  it('rejects an unknown placeholder by name', () => {
    rejects('{title} - {artist} - {stem}', /\{artist\}/u);
  });

  it('rejects stem placeholders in the folder', () => {
    rejects('{stem}/{title} - {stem}', /\{stem\} cannot be used in the folder/u);
  });

  it('rejects a file part without a stem', () => {
    rejects('{title}', /needs \{stem\} or \{key\}/u);
  });

  it('rejects nested folders and stray braces', () => {
    rejects('{title}/{title}/{stem}', /at most one "\/"/u);
    rejects('{title - {stem}', /unknown placeholder|unmatched/u);
    rejects('{title}} - {stem}', /unmatched "\}"/u);
  });

  it('sanitises rendered names', () => {
    const template = parseNamingTemplate(DEFAULT_NAMING_TEMPLATE);
    const name = renderStemBaseName(template, { ...song, title: 'AC/DC: Live?' }, { key: 'fx', label: 'FX', mode: 'instrumental' });
    assert.equal(name, 'AC_DC_ Live_ - FX');
  });
});

describe('previewNaming', () => {
  it('shows folder and example files', () => {
    const preview = previewNaming(DEFAULT_NAMING_TEMPLATE);
    assert.equal(preview.folderName, 'Midnight Addiction');
    assert.deepEqual(preview.fileNames, [
      'Midnight Addiction - Vocals.mp3',
      'Midnight Addiction - Instrumental.mp3',
      'Midnight Addiction - Vocals (12-stem).mp3',
      'Midnight Addiction - Drums.mp3',
    ]);
  });

  it('uses the sample song', () => {
    const preview = previewNaming('{title}/{stem}', { title: 'Other Song' });
    assert.equal(preview.folderName, 'Other Song');
    assert.equal(preview.fileNames[0], 'Vocals.mp3');
  });

  it('throws for an invalid template', () => {
    assert.throws(() => previewNaming('{nope} {stem}'), /unknown placeholder \{nope\}/u);
  });
});

describe('stem labels', () => {
  it('reads keys back from file labels', () => {
    assert.deepEqual(parseStemLabel('Drums'), { key: 'drums', label: 'Drums', mode: 'instrumental' });
    assert.deepEqual(parseStemLabel('Vocals (12-stem)'), { key: 'vocal', label: 'Vocals', mode: 'instrumental' });
    assert.deepEqual(parseStemLabel('Vocals'), { key: 'vocal', label: 'Vocals', mode: 'vocal' });
    assert.deepEqual(parseStemLabel('Instrumental'), { key: 'instrumental', label: 'Instrumental', mode: 'vocal' });
    assert.deepEqual(parseStemLabel('Backing Vocals (2)'), { key: 'backing_vocals', label: 'Backing Vocals (2)', mode: 'instrumental' });
    assert.equal(parseStemLabel('Lead Synth').key, 'lead_synth');
  });

  it('uses the key when the label is empty', () => {
    assert.equal(stemNameLabel({ key: 'backing_vocals', label: ' ', mode: 'instrumental' }), 'Backing Vocals');
  });
});
