// Public surface of the downloads module.
export { createDownloader, DEFAULT_MAX_BYTES, DEFAULT_MAX_PARALLEL, DEFAULT_TIMEOUT_MS } from './downloader.js';
export type { ConfigurableDownloader, DownloaderOptions } from './downloader.js';
export type { DownloadKind, DownloadProgress, DownloadRequest, DownloadResult, Downloader } from './types.js';
