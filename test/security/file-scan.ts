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

/**
 * Returns every file under `roots` whose bytes contain one of `spellings`, read as UTF-8 and as
 * UTF-16LE (the encoding some platform stores use). Links are reported, not followed.
 */
export async function findInFiles(roots: readonly string[], spellings: readonly string[]): Promise<SecretHit[]> {
  const hits: SecretHit[] = [];
  for (const root of roots) {
    for (const file of await listFiles(root)) {
      const info = await lstat(file);
      if (!info.isFile()) continue;
      const bytes = await readFile(file);
      const texts = [bytes.toString('utf8'), bytes.toString('utf16le')];
      for (const spelling of spellings) {
        if (texts.some((text) => text.includes(spelling))) hits.push({ where: file, spelling });
      }
    }
  }
  return hits;
}
