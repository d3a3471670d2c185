// Reads one song folder into a manifest that matches its files: validates the manifest, imports a
// hand-made folder, rebuilds a corrupt manifest, and records files added or removed by hand.
import { randomUUID } from 'node:crypto';
import { lstat, rename } from 'node:fs/promises';
import path from 'node:path';
import { getLogger } from '../log/logger.js';
import { probeDuration } from './audio-probe.js';
import { folderBytes, hashFile, listFolderFiles, type FolderFiles } from './folder-files.js';
import { emptySongMeta, manifestPath, readManifest, salvageManifest, withWarnings, writeManifest, type SalvagedManifest } from './manifest.js';
import { parseStemLabel } from './stem-keys.js';
import { MANIFEST_FILE, MANIFEST_VERSION, type Manifest, type StemRecord } from './types.js';

const log = getLogger('library');

export interface FolderReadResult {
  manifest: Manifest;
  bytes: number;
  /** True when the library must not rewrite the manifest (written by a newer app version). */
  readOnly: boolean;
  imported: boolean;
  rebuilt: boolean;
  /** Problems found in this pass, for the scan report; the lasting ones are also in the manifest. */
  warnings: string[];
  /** Modification time and size of the manifest as read, or null when this pass rewrote it. */
  manifestStamp: { mtimeMs: number; bytes: number } | null;
}

/** Prefix of song ids given to imported folders and rebuilt manifests without a usable id. */
export const LOCAL_SONG_ID_PREFIX = 'local-';

export function newLocalSongId(): string {
  return `${LOCAL_SONG_ID_PREFIX}${randomUUID()}`;
}

function stemLabelPart(baseName: string, title: string): string {
  const prefix = `${title} - `;
  if (baseName.toLowerCase().startsWith(prefix.toLowerCase())) return baseName.slice(prefix.length);
  const separator = baseName.lastIndexOf(' - ');
  return separator === -1 ? baseName : baseName.slice(separator + 3);
}

/** Builds a stem record for an audio file that no manifest describes. Reads the whole file once for its sha256. */
async function importStem(directory: string, fileName: string, bytes: number, title: string): Promise<StemRecord> {
  const file = path.join(directory, fileName);
  const parsed = parseStemLabel(stemLabelPart(path.parse(fileName).name, title));
  const [sha256, durationSeconds] = await Promise.all([hashFile(file), probeDuration(file)]);
  return {
    key: parsed.key,
    sourceKey: `${parsed.key}_url`,
    label: parsed.label,
    mode: parsed.mode,
    // Imported stems come from no provider task.
    taskId: '',
    fileName,
    bytes,
    sha256,
    durationSeconds,
    // NOTE: imported files are not decoded, so they are never flagged near-silent.
    nearSilent: false,
  };
}

/**
 * Brings a manifest in line with the folder's files. Stems whose file is gone are dropped, audio
 * files no stem names are imported, and the cover is set or cleared. Returns the new manifest, or
 * null when nothing changed.
 */
async function reconcile(directory: string, manifest: Manifest, listing: FolderFiles, warnings: string[]): Promise<Manifest | null> {
  let changed = false;
  const folderName = path.basename(directory);

  const present = manifest.stems.filter((stem) => listing.files.has(stem.fileName));
  for (const stem of manifest.stems) {
    if (!listing.files.has(stem.fileName)) warnings.push(`${folderName}: stem file "${stem.fileName}" is missing; it was removed from the manifest.`);
  }
  if (present.length !== manifest.stems.length) changed = true;

  const described = new Set(present.map((stem) => stem.fileName));
  const added: StemRecord[] = [];
  for (const name of listing.audio) {
    if (described.has(name)) continue;
    added.push(await importStem(directory, name, listing.files.get(name)?.bytes ?? 0, manifest.song.title));
    warnings.push(`${folderName}: "${name}" was added by hand; it was recorded as a stem.`);
  }
  if (added.length > 0) changed = true;

  let coverFile = manifest.coverFile;
  if (coverFile !== null && !listing.files.has(coverFile)) {
    coverFile = null;
    changed = true;
  }
  if (coverFile === null && listing.covers.length > 0) {
    coverFile = listing.covers[0] ?? null;
    changed = true;
  }

  if (!changed) return null;
  return { ...manifest, stems: [...present, ...added], coverFile, warnings: withWarnings(manifest.warnings, warnings) };
}

/** Builds a manifest from the files alone, keeping whatever a damaged manifest still holds. */
async function rebuildManifest(
  directory: string,
  listing: FolderFiles,
  salvaged: SalvagedManifest | null,
  now: number,
  warnings: string[],
): Promise<Manifest> {
  const title = salvaged?.song.title ?? path.basename(directory);
  const song = { ...emptySongMeta(title), ...salvaged?.song };
  const base: Manifest = {
    version: MANIFEST_VERSION,
    songId: salvaged?.songId ?? newLocalSongId(),
    song,
    addedAt: salvaged?.addedAt ?? now,
    favourite: salvaged?.favourite ?? false,
    notes: salvaged?.notes ?? '',
    tags: salvaged?.tags ?? [],
    coverFile: salvaged?.coverFile ?? null,
    separations: salvaged?.separations ?? [],
    stems: salvaged?.stems ?? [],
    warnings: withWarnings(salvaged?.warnings ?? [], warnings),
  };
  const reconciled = (await reconcile(directory, base, listing, [])) ?? base;
  if (reconciled.song.durationSeconds === null) {
    const origin = reconciled.stems.find((stem) => stem.key === 'origin' && stem.durationSeconds !== null);
    const longest = Math.max(0, ...reconciled.stems.map((stem) => stem.durationSeconds ?? 0));
    const duration = origin?.durationSeconds ?? (longest > 0 ? longest : null);
    return { ...reconciled, song: { ...reconciled.song, durationSeconds: duration } };
  }
  return reconciled;
}

/** Returns `name`, or `name-2`, `name-3` … the first that does not exist, so an earlier corrupt copy is never replaced. */
async function freeAsideName(directory: string, name: string): Promise<string> {
  for (let counter = 1; ; counter++) {
    const candidate = counter === 1 ? name : `${name}-${counter}`;
    const exists = await lstat(path.join(directory, candidate)).then(() => true, () => false);
    if (!exists) return candidate;
  }
}

export interface ReadFolderOptions {
  root: string;
  directory: string;
  now: number;
  /** The folder's manifest as the last scan indexed it; rescues the song id when the file is unreadable. */
  previous?: Manifest;
}

/**
 * Chooses what a rebuild keeps: the damaged file's valid fields when they still name the song,
 * otherwise the copy from the last scan, otherwise whatever validates.
 */
function rescueManifest(raw: unknown, previous: Manifest | undefined): SalvagedManifest | null {
  const salvaged = raw === undefined ? null : salvageManifest(raw);
  if (salvaged?.songId) return salvaged;
  if (previous) return salvageManifest(previous);
  return salvaged;
}

/**
 * Reads a song folder. Returns null for a folder that is not a song (no manifest, no audio).
 * Writes the manifest when the folder was imported, rebuilt or changed by hand; a corrupt
 * manifest is first renamed to `stemcrate.json.corrupt-<ms since epoch>`.
 */
export async function readSongFolder({ root, directory, now, previous }: ReadFolderOptions): Promise<FolderReadResult | null> {
  const folderName = path.basename(directory);
  const read = await readManifest(directory);
  const knownSizes = new Map<string, number>();
  if (read.kind !== 'missing') {
    knownSizes.set(MANIFEST_FILE, read.bytes);
    if (read.kind !== 'corrupt') for (const stem of read.manifest.stems) knownSizes.set(stem.fileName, stem.bytes);
  }
  const listing = await listFolderFiles(root, directory, knownSizes);
  const warnings = [...listing.warnings];

  if (read.kind === 'missing') {
    if (listing.audio.length === 0) return null;
    const manifest = await rebuildManifest(directory, listing, null, now, []);
    await writeManifest(directory, manifest);
    log.info({ folder: folderName, stems: manifest.stems.length }, 'imported a folder without a manifest');
    return { manifest, bytes: await folderBytes(directory), readOnly: false, imported: true, rebuilt: false, warnings, manifestStamp: null };
  }

  if (read.kind === 'corrupt') {
    const asideName = await freeAsideName(directory, `${MANIFEST_FILE}.corrupt-${now}`);
    await rename(manifestPath(directory), path.join(directory, asideName));
    const warning = `The manifest was damaged (${read.reason}); it was moved to ${asideName} and rebuilt from the files.`;
    warnings.push(`${folderName}: ${warning}`);
    const manifest = await rebuildManifest(directory, listing, rescueManifest(read.raw, previous), now, [warning]);
    await writeManifest(directory, manifest);
    log.warn({ folder: folderName, reason: read.reason, movedTo: asideName }, 'rebuilt a corrupt manifest');
    return { manifest, bytes: await folderBytes(directory), readOnly: false, imported: false, rebuilt: true, warnings, manifestStamp: null };
  }

  if (read.kind === 'newer') {
    warnings.push(`${folderName}: the manifest was written by a newer Stemcrate (version ${read.manifest.version}); it is shown but not changed.`);
    const manifestStamp = { mtimeMs: read.mtimeMs, bytes: read.bytes };
    return { manifest: read.manifest, bytes: listing.bytes, readOnly: true, imported: false, rebuilt: false, warnings, manifestStamp };
  }

  const reconciled = await reconcile(directory, read.manifest, listing, warnings);
  if (!reconciled) {
    const manifestStamp = { mtimeMs: read.mtimeMs, bytes: read.bytes };
    return { manifest: read.manifest, bytes: listing.bytes, readOnly: false, imported: false, rebuilt: false, warnings, manifestStamp };
  }
  await writeManifest(directory, reconciled);
  return { manifest: reconciled, bytes: await folderBytes(directory), readOnly: false, imported: false, rebuilt: false, warnings, manifestStamp: null };
}
