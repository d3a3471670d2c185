// File listings and content searches over test folders: which files a run created, and which
// files contain a secret in any of the spellings it could be written in.
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../../main/library/paths.js';

/** Returns the absolute path of every file and symbolic link under `root`, without following links. */
export async function listFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await walk(full);
      else found.push(full);
    }
  };
  await walk(root);
  return found.sort();
}

/** Returns the files in `after` that are not in `before`. */
export function newFiles(before: readonly string[], after: readonly string[]): string[] {
  const known = new Set(before);
  return after.filter((file) => !known.has(file));
}

/** Returns the files of `files` that do not lie inside any of `folders`. */
export function filesOutside(files: readonly string[], folders: readonly string[]): string[] {
  return files.filter((file) => !folders.some((folder) => isInside(folder, file)));
}

/**
 * Returns the ways `secret` can be written into a file or a response: as it is, JSON-escaped,
 * percent-encoded, and in base64 and hex.
 */
export function secretSpellings(secret: string): string[] {
  const spellings = new Set([
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
    Buffer.from(secret).toString('hex'),
  ]);
  return [...spellings];
}

export interface SecretHit {
  /** File path, or the name of the captured text that contains the secret. */
  where: string;
  spelling: string;
}

/** Returns every place in `texts` (name → content) that contains one of `spellings`. */
export function findInTexts(texts: ReadonlyMap<string, string>, spellings: readonly string[]): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const [where, text] of texts) {
    for (const spelling of spellings) if (text.includes(spelling)) hits.push({ where, spelling });
  }
  return hits;
}

/** Maximum scans of one root when files vanish while it is read (a cache being written by the app). */
const MAX_SCANS_PER_ROOT = 3;

/**
 * Returns every file under `roots` whose bytes contain one of `spellings`, read as UTF-8 and as
 * UTF-16LE (the encoding some platform stores use). Links are skipped, not followed. A root in
 * which a file vanished between listing and reading (a temporary file renamed into place) is
 * scanned again, so the renamed file is read too.
 */
export async function findInFiles(roots: readonly string[], spellings: readonly string[]): Promise<SecretHit[]> {
  const hits: SecretHit[] = [];
  for (const root of roots) {
    for (let scan = 1; ; scan++) {
      const { rootHits, vanished } = await scanRoot(root, spellings);
      if (vanished.length === 0 || scan === MAX_SCANS_PER_ROOT) {
        if (vanished.length > 0) throw new Error(`Files under ${root} kept vanishing while they were read: ${vanished.join(', ')}`);
        hits.push(...rootHits);
        break;
      }
    }
  }
  return hits;
}

async function scanRoot(root: string, spellings: readonly string[]): Promise<{ rootHits: SecretHit[]; vanished: string[] }> {
  const rootHits: SecretHit[] = [];
  const vanished: string[] = [];
  for (const file of await listFiles(root)) {
    let bytes: Buffer;
    try {
      if (!(await lstat(file)).isFile()) continue;
      bytes = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      vanished.push(file);
      continue;
    }
    const texts = [bytes.toString('utf8'), bytes.toString('utf16le')];
    for (const spelling of spellings) {
      if (texts.some((text) => text.includes(spelling))) rootHits.push({ where: file, spelling });
    }
  }
  return { rootHits, vanished };
}
