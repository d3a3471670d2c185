// The song manifest `stemcrate.json`: its zod schema, validation on read, salvage of damaged
// manifests, and atomic writes.
import { open } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { MANIFEST_FILE, MANIFEST_VERSION, type Manifest, type SeparationRecord, type SongMeta, type StemRecord } from './types.js';
import { isPlainName } from './sanitize.js';

/** Song ids contain no `/`, so a stem id `<songId>/<fileName>` splits at its first `/`. */
export const SONG_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/u;

/** Most warnings a manifest keeps; older ones are dropped first. */
const MAX_WARNINGS = 50;

const modeSchema = z.enum(['vocal', 'instrumental']);
const msSchema = z.number().finite();
const plainNameSchema = z.string().refine(isPlainName, 'must be a plain file name');

const songMetaSchema = z.looseObject({
  sunoId: z.string().nullable(),
  generationTaskId: z.string().nullable(),
  title: z.string(),
  styleTags: z.string(),
  prompt: z.string(),
  lyrics: z.string(),
  model: z.string().nullable(),
  durationSeconds: z.number().nonnegative().nullable(),
  createdAt: msSchema.nullable(),
  coverUrl: z.string().nullable(),
});

const separationSchema = z.looseObject({
  taskId: z.string(),
  mode: modeSchema,
  createdAt: msSchema,
  completedAt: msSchema.nullable(),
  credits: z.number().nullable(),
});

const stemSchema = z.looseObject({
  key: z.string(),
  sourceKey: z.string(),
  label: z.string(),
  mode: modeSchema,
  taskId: z.string(),
  fileName: plainNameSchema,
  bytes: z.number().int().nonnegative(),
  sha256: z.string(),
  durationSeconds: z.number().nonnegative().nullable(),
  nearSilent: z.boolean(),
});

export const manifestSchema = z.looseObject({
  version: z.number().int().min(1),
  songId: z.string().regex(SONG_ID_PATTERN),
  song: songMetaSchema,
  addedAt: msSchema,
  favourite: z.boolean(),
  notes: z.string(),
  tags: z.array(z.string()),
  coverFile: plainNameSchema.nullable(),
  separations: z.array(separationSchema),
  stems: z.array(stemSchema),
  warnings: z.array(z.string()),
});

export type ManifestParseResult =
  | { kind: 'ok'; manifest: Manifest }
  /** Written by a newer app version; readable, but the library does not rewrite it. */
  | { kind: 'newer'; manifest: Manifest }
  /** Not JSON, or JSON that fails the schema; `raw` is the parsed JSON when there was any. */
  | { kind: 'corrupt'; reason: string; raw: unknown };

/** A parsed manifest with the file's size in bytes and modification time, or `missing`. */
export type ManifestReadResult = { kind: 'missing' } | (ManifestParseResult & { bytes: number; mtimeMs: number });

export function manifestPath(directory: string): string {
  return path.join(directory, MANIFEST_FILE);
}

/** Reads and validates a song folder's manifest. I/O errors other than a missing file are thrown. */
export async function readManifest(directory: string): Promise<ManifestReadResult> {
  let handle;
  try {
    handle = await open(manifestPath(directory), 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  try {
    // Size and time come from the same open file as the content, so they describe what was read.
    const info = await handle.stat();
    const data = await handle.readFile();
    return { ...parseManifestText(data.toString('utf8')), bytes: data.length, mtimeMs: info.mtimeMs };
  } finally {
    await handle.close();
  }
}

export function parseManifestText(text: string): ManifestParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { kind: 'corrupt', reason: `not valid JSON (${(error as Error).message})`, raw: undefined };
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'manifest';
    return { kind: 'corrupt', reason: `invalid field ${where}: ${issue?.message ?? 'schema mismatch'}`, raw };
  }
  const manifest = parsed.data as Manifest;
  // NOTE: version 1 is the only format so far, so nothing is migrated. A future version adds its
  // upgrade step here, before the manifest reaches the index.
  return manifest.version > MANIFEST_VERSION ? { kind: 'newer', manifest } : { kind: 'ok', manifest };
}

/** Writes the manifest atomically (temporary file, fsync, rename), as indented JSON a person can read. */
export async function writeManifest(directory: string, manifest: Manifest): Promise<void> {
  await writeFileAtomic(manifestPath(directory), `${JSON.stringify(manifest, null, 2)}\n`, { encoding: 'utf8' });
}

/** Appends warnings that the manifest does not already carry, keeping the newest {@link MAX_WARNINGS}. */
export function withWarnings(warnings: readonly string[], added: readonly string[]): string[] {
  const merged = [...warnings];
  for (const warning of added) if (!merged.includes(warning)) merged.push(warning);
  return merged.slice(-MAX_WARNINGS);
}

export function emptySongMeta(title: string): SongMeta {
  return {
    sunoId: null,
    generationTaskId: null,
    title,
    styleTags: '',
    prompt: '',
    lyrics: '',
    model: null,
    durationSeconds: null,
    createdAt: null,
    coverUrl: null,
  };
}

/** The parts of a damaged manifest that still validate one by one. */
export interface SalvagedManifest {
  songId: string | null;
  song: Partial<SongMeta>;
  addedAt: number | null;
  favourite: boolean;
  notes: string;
  tags: string[];
  coverFile: string | null;
  separations: SeparationRecord[];
  stems: StemRecord[];
  warnings: string[];
}

function pick<T>(schema: z.ZodType<T>, value: unknown, fallback: T): T {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}

function pickItems<T>(schema: z.ZodType<T>, value: unknown): T[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    const parsed = schema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Keeps every field of a damaged manifest that validates on its own, so a rebuild loses as little as possible. */
export function salvageManifest(raw: unknown): SalvagedManifest {
  const source = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const songSource = source.song !== null && typeof source.song === 'object' ? (source.song as Record<string, unknown>) : {};
  const song: Partial<SongMeta> = {};
  for (const [field, schema] of Object.entries(songMetaSchema.shape)) {
    const parsed = (schema as z.ZodType).safeParse(songSource[field]);
    if (parsed.success && songSource[field] !== undefined) (song as Record<string, unknown>)[field] = parsed.data;
  }
  return {
    songId: pick(z.string().regex(SONG_ID_PATTERN).nullable(), source.songId, null),
    song,
    addedAt: pick(msSchema.nullable(), source.addedAt, null),
    favourite: pick(z.boolean(), source.favourite, false),
    notes: pick(z.string(), source.notes, ''),
    tags: pickItems(z.string(), source.tags),
    coverFile: pick(plainNameSchema.nullable(), source.coverFile, null),
    separations: pickItems(separationSchema, source.separations) as SeparationRecord[],
    stems: pickItems(stemSchema, source.stems) as StemRecord[],
    warnings: pickItems(z.string(), source.warnings),
  };
}
