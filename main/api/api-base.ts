// Validation of the API base URL, which decides where the API key may be sent.
import { isIP } from 'node:net';
import { AppError } from '../errors.js';

/**
 * Returns true for hosts that cannot leave this machine: `localhost`, 127.0.0.0/8 and ::1.
 * `hostname` is in the form `URL.hostname` gives, so IPv6 addresses arrive in brackets.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/**
 * Parses and checks an API base URL. The key travels in a header, so it is sent only over https,
 * except plain http to a loopback host for the local simulator. Credentials, a query and a
 * fragment are rejected because the client builds every request URL from the origin and path.
 */
export function parseApiBase(apiBase: string): URL {
  let url: URL;
  try {
    url = new URL(apiBase);
  } catch {
    throw new AppError('invalid_argument', `The API address "${apiBase}" is not a valid URL. Set STEMCRATE_API_BASE (or the command's --api-base) to https://api.crun.ai.`);
  }

  const isHttps = url.protocol === 'https:';
  const isLoopbackHttp = url.protocol === 'http:' && isLoopbackHost(url.hostname);
  if (!isHttps && !isLoopbackHttp) {
    throw new AppError(
      'invalid_argument',
      `The API address "${apiBase}" is not allowed: the API key is sent only over https (plain http only to localhost). Use an https:// address such as https://api.crun.ai.`,
    );
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    // The message shows the address without its user name and password.
    const displayedUrl = `${url.protocol}//${url.host}${url.pathname}${url.search}${url.hash}`;
    throw new AppError(
      'invalid_argument',
      `The API address "${displayedUrl}" must not contain a user name, password, query or fragment. Use only the scheme, host and optional path, such as https://api.crun.ai.`,
    );
  }
  return url;
}

/** Builds the URL of an endpoint path (starting with `/`) below the API base, keeping any base path. */
export function endpointUrl(base: URL, endpointPath: string, query?: Record<string, string>): URL {
  const basePath = base.pathname.replace(/\/+$/, '');
  const url = new URL(base.origin);
  url.pathname = `${basePath}${endpointPath}`;
  if (query) {
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  }
  return url;
}
