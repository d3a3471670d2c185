// Which URLs from the API the app may fetch: http(s) only, and loopback or private-network hosts
// only when they are the configured API's own origin (the local simulator), so a response cannot
// point the app at other services on the user's machine or network.
import { isIP } from 'node:net';
import { AppError } from '../errors.js';

const PRIVATE_V4 = [/^10\./, /^127\./, /^169\.254\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^0\./];

/** True for hosts on this machine or a private network: localhost, loopback, link-local, RFC 1918. */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return PRIVATE_V4.some((pattern) => pattern.test(host));
  if (isIP(host) === 6) return host === '::1' || host.startsWith('fe80:') || host.startsWith('fc') || host.startsWith('fd') || host === '::';
  return false;
}

/**
 * Returns the parsed URL when the app may download from it, else throws AppError
 * `invalid_argument` naming the URL's problem.
 */
export function checkDownloadUrl(raw: string, apiBase: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('invalid_argument', `The provider sent a link that is not a URL: ${raw.slice(0, 200)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('invalid_argument', `The provider sent a ${url.protocol} link; only http and https links are downloaded.`);
  }
  if (url.username || url.password) {
    throw new AppError('invalid_argument', 'The provider sent a link with credentials in it; such links are not downloaded.');
  }
  if (isLocalHost(url.hostname) && url.origin !== new URL(apiBase).origin) {
    throw new AppError('invalid_argument', `The provider sent a link to ${url.host}, a local address other than the API's; it is not downloaded.`);
  }
  return url;
}
