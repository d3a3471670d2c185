// Generates a large library on disk for tests and benchmarks: song folders with valid manifests
// and empty placeholder stem files (13 per song: one 12-stem separation plus its mix).
//
// Usage: node --import tsx test/library/generate-library.ts <folder> [songs]   (default 10,000)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderFolderName, renderStemBaseName, parseNamingTemplate, DEFAULT_NAMING_TEMPLATE } from '../../main/library/naming.js';
import { INSTRUMENTAL_MODE_KEYS, labelForKey } from '../../main/library/stem-keys.js';
import { MANIFEST_FILE, MANIFEST_VERSION, type Manifest, type StemRecord } from '../../main/library/types.js';

export interface GenerateOptions {
  songs?: number;
  /** Seed of the pseudo-random titles, tags and lyrics, so two runs write the same library. */
  seed?: number;
}

export interface GeneratedLibrary {
  songs: number;
  stems: number;
  /** Song id of every generated song, in generation order. */
  songIds: string[];
}

const ADJECTIVES = ['Midnight', 'Neon', 'Velvet', 'Broken', 'Golden', 'Électrique', 'Silent', 'Crimson', 'Fading', 'Wild', 'Frozen', 'Señorita'];
const NOUNS = ['Addiction', 'Highway', 'Heart', 'Echoes', 'Rain', 'Café', 'Skyline', 'Fire', 'Dreams', 'Ocean', 'Signal', 'Garden'];
const STYLES = ['synthwave', 'lo-fi', 'k-pop', 'drum and bass', 'country', 'jazz', 'metal', 'ambient', 'reggaeton', 'chanson', 'trap', 'folk'];
const LYRIC_WORDS = ['night', 'city', 'love', 'running', 'light', 'shadow', 'dance', 'forever', 'burning', 'river', 'corazón', 'sky', 'alone', 'home'];
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'sa', 'to', 'vel', 'an', 'dor', 'is', 'ne', 'ru', 'fa', 'el', 'qui', 'zo', 'ber', 'yan', 'tch', 'oum'];

/** Mulberry32: a small, fast, seedable pseudo-random generator; quality is ample for test data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickFrom<T>(list: readonly T[], next: () => number): T {
  return list[Math.floor(next() * list.length)] as T;
}

/** Returns a made-up word of two or three syllables. The 8,400 combinations make songs differ in vocabulary, as real lyrics do. */
function madeUpWord(next: () => number): string {
  const count = next() < 0.5 ? 2 : 3;
  return Array.from({ length: count }, () => pickFrom(SYLLABLES, next)).join('');
}

/** About 200 words: two verses of fresh words and a chorus sung three times, like a typical song. */
function lyrics(next: () => number): string {
  const line = (): string => Array.from({ length: 7 }, () => (next() < 0.3 ? pickFrom(LYRIC_WORDS, next) : madeUpWord(next))).join(' ');
  const chorus = [line(), line(), line(), line()].join('\n');
  const verse = (): string => [line(), line(), line(), line(), line(), line()].join('\n');
  return [verse(), chorus, verse(), chorus, chorus].join('\n\n');
}

/**
 * Writes `options.songs` song folders under `root` (created when missing) and returns what it
 * wrote. It uses synchronous file calls: 140,000 small files are written several times faster
 * that way than through promises, and nothing else runs meanwhile.
 */
export function generateLibrary(root: string, options: GenerateOptions = {}): GeneratedLibrary {
  const songCount = options.songs ?? 10_000;
  const next = random(options.seed ?? 1);
  const template = parseNamingTemplate(DEFAULT_NAMING_TEMPLATE);
  const copiesByTitle = new Map<string, number>();
  const songIds: string[] = [];
  const addedBase = Date.UTC(2026, 0, 1);
  // Titles repeat, so stem file names are rendered once per title.
  const fileNamesByTitle = new Map<string, string[]>();
  mkdirSync(root, { recursive: true });

  for (let index = 0; index < songCount; index++) {
    // Few distinct titles, so many songs share one and folder names need counters.
    const title = `${pickFrom(ADJECTIVES, next)} ${pickFrom(NOUNS, next)}`;
    const sunoId = `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
    const songId = `suno-${sunoId}`;
    const taskId = `sep-${index}`;
    const createdAt = addedBase + index * 60_000;
    const song = { sunoId, generationTaskId: `gen-${index}`, title, styleTags: `${pickFrom(STYLES, next)}, ${pickFrom(STYLES, next)}`,
      prompt: `a song about ${pickFrom(LYRIC_WORDS, next)}`, lyrics: lyrics(next), model: 'chirp-v4', durationSeconds: 120 + Math.floor(next() * 120),
      createdAt, coverUrl: null };
    // Titles are short and safe, so counting per title gives the names uniqueName would choose.
    const copies = (copiesByTitle.get(title) ?? 0) + 1;
    copiesByTitle.set(title, copies);
    const folderName = copies === 1 ? renderFolderName(template, song) : `${renderFolderName(template, song)} (${copies})`;
    let fileNames = fileNamesByTitle.get(title);
    if (!fileNames) {
      fileNames = INSTRUMENTAL_MODE_KEYS.map((key) => `${renderStemBaseName(template, song, { key, label: labelForKey(key), mode: 'instrumental' })}.mp3`);
      fileNamesByTitle.set(title, fileNames);
    }
    const names = fileNames;
    const stems: StemRecord[] = INSTRUMENTAL_MODE_KEYS.map((key, stemIndex) => ({
      key, sourceKey: `${key}_url`, label: labelForKey(key), mode: 'instrumental', taskId,
      fileName: names[stemIndex] ?? `${key}.mp3`,
      bytes: 0, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', durationSeconds: song.durationSeconds, nearSilent: key === 'brass',
    }));
    const manifest: Manifest = {
      version: MANIFEST_VERSION, songId, song, addedAt: createdAt + 3_600_000, favourite: index % 7 === 0, notes: '',
      tags: index % 3 === 0 ? ['demo'] : [], coverFile: null,
      separations: [{ taskId, mode: 'instrumental', createdAt, completedAt: createdAt + 120_000, credits: 2 }],
      stems, warnings: [],
    };
    songIds.push(songId);
    const directory = path.join(root, folderName);
    mkdirSync(directory);
    for (const stem of stems) writeFileSync(path.join(directory, stem.fileName), '');
    writeFileSync(path.join(directory, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return { songs: songCount, stems: songCount * INSTRUMENTAL_MODE_KEYS.length, songIds };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [folder, count] = process.argv.slice(2);
  if (!folder) {
    console.error('Usage: node --import tsx test/library/generate-library.ts <folder> [songs]');
    process.exit(2);
  }
  const started = performance.now();
  const result = generateLibrary(path.resolve(folder), { songs: count ? Number(count) : undefined });
  console.log(`Wrote ${result.songs} songs and ${result.stems} stem files in ${Math.round(performance.now() - started)} ms.`);
}
