// Registers the app's custom schemes with Electron and serves them: `app:` from the renderer bundle,
// `stemcrate-media:` from the library through the IPC router.
import { protocol, type Session } from 'electron';
import { AppError } from '../errors.js';
import { getLogger } from '../log/logger.js';
import { APP_ORIGIN, APP_SCHEME, rendererFileForUrl } from './app-url.js';
import { CONTENT_SECURITY_POLICY } from './csp.js';
import { createFileResponse } from './file-response.js';
import { MEDIA_SCHEME, mediaPathFromUrl } from './media-url.js';
import { PRIVILEGED_SCHEMES } from './schemes.js';

const log = getLogger('app-protocols');

/** Registers the privileged schemes. Must run before `app.whenReady()` resolves, and only once. */
export function registerPrivilegedSchemes(): void {
  protocol.registerSchemesAsPrivileged([...PRIVILEGED_SCHEMES]);
}

export interface ProtocolSources {
  rendererDir: string;
  /** `router.resolveMedia`: the real path of a stem or cover inside the library. */
  resolveMedia(mediaPath: string): Promise<string>;
}

function notFound(): Response {
  return new Response(null, { status: 404, headers: { 'X-Content-Type-Options': 'nosniff' } });
}

/** Serves both schemes in `session`. */
export function handleAppProtocols(session: Session, sources: ProtocolSources): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileForUrl(request.url, sources.rendererDir);
    if (!file) {
      log.warn({ url: request.url }, 'app request outside the renderer bundle rejected');
      return notFound();
    }
    // The header repeats the policy from onHeadersReceived, because Electron does not document
    // whether webRequest receives the responses of custom protocol handlers.
    const headers: Record<string, string> = file.endsWith('.html') ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } : {};
    return createFileResponse(file, { method: request.method, range: request.headers.get('range'), headers });
  });

  session.protocol.handle(MEDIA_SCHEME, async (request) => {
    const mediaPath = mediaPathFromUrl(request.url);
    if (!mediaPath) {
      log.warn({ url: request.url }, 'malformed media request rejected');
      return notFound();
    }

    let file: string;
    try {
      file = await sources.resolveMedia(mediaPath);
    } catch (error) {
      if (error instanceof AppError && (error.code === 'not_found' || error.code === 'invalid_argument')) {
        log.info({ mediaPath, code: error.code }, 'media request for a file outside the library or missing');
        return notFound();
      }
      log.error({ err: error, mediaPath }, 'media request failed');
      return new Response(null, { status: 500 });
    }

    return createFileResponse(file, {
      method: request.method,
      range: request.headers.get('range'),
      headers: { 'Access-Control-Allow-Origin': APP_ORIGIN, 'Cache-Control': 'no-cache' },
    });
  });
}
