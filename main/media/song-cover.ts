// Cover art for library songs: once a separation is in the library, the song's cover image is
// downloaded into its folder (beside the stems) so the library stays complete without the app.
import type { ConfigurableDownloader } from '../downloads/downloader.js';
import { toAppError } from '../errors.js';
import type { Library } from '../library/types.js';
import { getLogger } from '../log/logger.js';
import { checkDownloadUrl } from '../util/url-policy.js';

const log = getLogger('song-cover');

/** Songs whose cover is being fetched; two separations finishing together fetch it once. */
const inFlight = new Set<string>();

/** Number of cover downloads running now; the library is not moved while any runs. */
export function coverFetchesInFlight(): number {
  return inFlight.size;
}

/** Downloads the cover of a song that has none yet. Returns whether it did; failures are logged and return false. */
export async function fetchSongCover(
  library: Library,
  downloader: ConfigurableDownloader,
  apiBase: string,
  songId: string,
  taskId: string,
): Promise<boolean> {
  const entry = library.get(songId);
  const coverUrl = entry?.manifest.song.coverUrl;
  if (!entry || !coverUrl || entry.manifest.coverFile !== null || inFlight.has(songId)) return false;
  inFlight.add(songId);
  try {
    checkDownloadUrl(coverUrl, apiBase);
    const result = await downloader.download({ url: coverUrl, directory: entry.directory, baseName: 'cover', taskId, kind: 'cover' });
    await library.setCover(songId, result.fileName);
    return true;
  } catch (error) {
    log.warn({ taskId, songId, err: toAppError(error) }, 'could not download the cover image');
    return false;
  } finally {
    inFlight.delete(songId);
  }
}
