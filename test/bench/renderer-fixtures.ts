// Fixtures of the renderer benchmark: a song folder with twelve real 4-minute MP3 stems, made with
// sox and lame, and its manifest, written beside a generated library.
import { execFile } from 'node:child_process';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { hashFile } from '../../main/library/folder-files.js';
import { INSTRUMENTAL_MODE_KEYS, labelForKey } from '../../main/library/stem-keys.js';
import { MANIFEST_FILE, MANIFEST_VERSION, type Manifest, type StemRecord } from '../../main/library/types.js';

const run = promisify(execFile);

export const STEM_SECONDS = 240;
export const SAMPLE_RATE = 44_100;
const BITRATE_KBPS = 128;

export const TWELVE_STEM_SONG_ID = 'bench-twelve-stems';
export const TWELVE_STEM_TITLE = 'Twelve Stem Benchmark';

/** The twelve parts of an instrumental separation (every key but the mix). */
const STEM_KEYS = INSTRUMENTAL_MODE_KEYS.filter((key) => key !== 'origin');

/** Returns the sox `synth` effect of one stem, so that each stem sounds different and encodes like real audio. */
function synthArguments(index: number): string[] {
  const base = 110 * 2 ** (index / 12);
  const shapes = ['sine', 'square', 'sawtooth', 'triangle'];
  const shape = shapes[index % shapes.length] ?? 'sine';
  const noises: string[][] = [['pinknoise'], ['brownnoise'], []];
  const noise = noises[index % noises.length] ?? [];
  return ['synth', String(STEM_SECONDS), shape, `${base.toFixed(1)}-${(base * 4).toFixed(1)}`, ...noise, 'tremolo', String(1 + index), '60', 'vol', '0.3'];
}

/** Encodes one stem: sox synthesises stereo 16-bit WAV on stdout and lame encodes it at 128 kbit/s CBR. */
async function encodeStem(index: number, file: string): Promise<void> {
  const sox = ['-V1', '-n', '-r', String(SAMPLE_RATE), '-c', '2', '-b', '16', '-t', 'wav', '-', ...synthArguments(index)].map(quote).join(' ');
  await run('bash', ['-o', 'pipefail', '-c', `sox ${sox} | lame --quiet -b ${BITRATE_KBPS} - ${quote(file)}`]);
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Runs `work` over `items` with at most `limit` running at once. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Writes the 12-stem song folder into `libraryDir`, with a manifest whose sizes and hashes match
 * the files, and returns the total MP3 bytes. `parallel` encoders run at once.
 */
export async function writeTwelveStemSong(libraryDir: string, parallel: number): Promise<number> {
  const directory = path.join(libraryDir, TWELVE_STEM_TITLE);
  await mkdir(directory, { recursive: true });
  const now = Date.now();
  const taskId = 'bench-separation';
  const stems: StemRecord[] = [];

  await eachLimited(STEM_KEYS, parallel, async (key, index) => {
    const label = labelForKey(key);
    const fileName = `${TWELVE_STEM_TITLE} - ${label}.mp3`;
    const file = path.join(directory, fileName);
    await encodeStem(index, file);
    const bytes = (await stat(file)).size;
    stems[index] = { key, sourceKey: `${key}_url`, label, mode: 'instrumental', taskId, fileName, bytes, sha256: await hashFile(file), durationSeconds: STEM_SECONDS, nearSilent: false };
  });

  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    songId: TWELVE_STEM_SONG_ID,
    song: {
      sunoId: null,
      generationTaskId: null,
      title: TWELVE_STEM_TITLE,
      styleTags: 'benchmark, synthesised',
      prompt: '',
      lyrics: '',
      model: null,
      durationSeconds: STEM_SECONDS,
      createdAt: now,
      coverUrl: null,
    },
    // Newer than every generated song, so it is the first row when the library is sorted by date added.
    addedAt: now,
    favourite: false,
    notes: '',
    tags: [],
    coverFile: null,
    separations: [{ taskId, mode: 'instrumental', createdAt: now, completedAt: now, credits: null }],
    stems,
    warnings: [],
  };
  await writeFile(path.join(directory, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return stems.reduce((sum, stem) => sum + stem.bytes, 0);
}
