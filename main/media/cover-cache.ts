// CoverCache: cover images from the provider fetched once into the data folder, so the renderer
// shows them through the media protocol and never loads remote content itself.
import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import got from 'got';
import { AppError, toAppError } from '../errors.js';
import { getLogger } from '../log/logger.js';
import { checkDownloadUrl } from '../util/url-policy.js';

const log = getLogger('cover-cache');

const MAX_COVER_BYTES = 5 * 1024 * 1024;
const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' };

export class CoverCache {
  private readonly urls = new Map<string, string>();
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly folder: string;

  constructor(
    dataDir: string,
    private readonly apiBase: () => string,
  ) {
    this.folder = path.join(dataDir, 'cover-cache');
  }

  /** Remembers a cover URL and returns its hash, the only name the renderer gets for it. */
  register(url: string): string | null {
    try {
      checkDownloadUrl(url, this.apiBase());
    } catch (error) {
      log.warn({ err: toAppError(error) }, 'cover URL rejected');
      return null;
    }
    const hash = createHash('sha256').update(url).digest('hex').slice(0, 32);
    this.urls.set(hash, url);
    return hash;
  }

  /** Returns the cached file of a registered cover, downloading it on first use. */
  async resolve(hash: string): Promise<string> {
    if (!/^[0-9a-f]{32}$/.test(hash)) throw new AppError('not_found', 'No such cover.');
    const cached = await this.findCached(hash);
    if (cached) return cached;
    const url = this.urls.get(hash);
    if (!url) throw new AppError('not_found', 'No such cover.');
    let pending = this.inFlight.get(hash);
    if (!pending) {
      pending = this.fetch(hash, url).finally(() => this.inFlight.delete(hash));
      this.inFlight.set(hash, pending);
    }
    return pending;
  }

  private async findCached(hash: string): Promise<string | null> {
    try {
      const name = (await readdir(this.folder)).find((entry) => entry.startsWith(`${hash}.`) && !entry.endsWith('.tmp'));
      return name ? path.join(this.folder, name) : null;
    } catch {
      return null;
    }
  }

  private async fetch(hash: string, url: string): Promise<string> {
    checkDownloadUrl(url, this.apiBase());
    const response = await got(url, {
      responseType: 'buffer',
      followRedirect: false,
      retry: { limit: 0 },
      timeout: { request: 20_000 },
      throwHttpErrors: false,
      headers: { accept: 'image/*' },
    }).catch((error: unknown) => {
      throw new AppError('network', `Could not fetch the cover image: ${error instanceof Error ? error.message : String(error)}`);
    });
    const type = String(response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const extension = EXTENSIONS[type];
    if (response.statusCode !== 200 || !extension || response.body.length > MAX_COVER_BYTES) {
      throw new AppError('bad_response', `The cover image request returned HTTP ${response.statusCode} with ${type || 'no content type'} (${response.body.length} bytes).`);
    }
    await mkdir(this.folder, { recursive: true });
    const file = path.join(this.folder, `${hash}.${extension}`);
    await writeFile(`${file}.tmp`, response.body);
    await rename(`${file}.tmp`, file);
    return file;
  }
}
