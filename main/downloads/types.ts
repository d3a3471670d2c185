// Download requests and results. The downloader writes `<baseName>.part` in a folder the library
// has already checked, and renames it to `<baseName>.<ext>` only after size verification.

/** Type of downloaded file. It selects the fallback extension and the error for a 403, 404 or 410. */
export type DownloadKind = 'stem' | 'cover';

export interface DownloadRequest {
  url: string;
  /** Folder inside the library; created by the library, never by the downloader. */
  directory: string;
  /** File name without extension; already sanitised by the library. */
  baseName: string;
  /** Id used in logs (the separation task id). */
  taskId: string;
  /** Defaults to `stem`. */
  kind?: DownloadKind;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
}

export interface DownloadProgress {
  bytes: number;
  totalBytes: number | null;
  bytesPerSecond: number;
}

export interface DownloadResult {
  path: string;
  fileName: string;
  bytes: number;
  sha256: string;
  contentType: string | null;
}

export interface Downloader {
  /**
   * Downloads one file. Throws AppError `expired` (stem gone at the provider), `not_found` (cover
   * gone), `disk_full`, `network` (also for timeouts), `server_error`, `rate_limited`,
   * `bad_response`, `storage` or `invalid_argument`. Throws the signal's reason when aborted.
   * After `network`, `server_error`, `rate_limited`, `disk_full` or an abort, the .part stays so a
   * later call resumes it.
   */
  download(request: DownloadRequest): Promise<DownloadResult>;
}
