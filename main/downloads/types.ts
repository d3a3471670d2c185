// Download requests and results. The downloader writes `<baseName>.part` in a folder the library
// has already checked, and renames it to `<baseName>.<ext>` only after size verification.

export interface DownloadRequest {
  url: string;
  /** Folder inside the library; created by the library, never by the downloader. */
  directory: string;
  /** File name without extension; already sanitised by the library. */
  baseName: string;
  /** Id used in logs (the separation task id). */
  taskId: string;
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
  /** Downloads one file; throws AppError `expired`, `disk_full`, `network`, `bad_response` or `storage`. */
  download(request: DownloadRequest): Promise<DownloadResult>;
}
