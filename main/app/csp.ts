// The renderer's Content-Security-Policy: one definition, sent as a response header by the Electron
// shell and written as a meta tag into index.html by the renderer build.
import { MEDIA_SCHEME } from './media-url.js';

const MEDIA_SOURCE = `${MEDIA_SCHEME}:`;

/**
 * Directives in the order they are written. No remote origin appears anywhere, and scripts come
 * only from the app's own origin, with no inline code and no eval. `blob:` lets the player hand
 * decoded audio and drawn waveforms to media and image elements. `connect-src` includes the media
 * scheme so the renderer may fetch a stem to draw its waveform. renderer/index.html carries the
 * same policy in its meta tag, and test/shell/csp.test.ts fails when the two differ.
 */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['default-src', ["'self'"]],
  ['script-src', ["'self'"]],
  ['style-src', ["'self'", "'unsafe-inline'"]],
  ['img-src', ["'self'", 'data:', MEDIA_SOURCE, 'blob:']],
  ['media-src', ["'self'", MEDIA_SOURCE, 'blob:']],
  ['connect-src', ["'self'", MEDIA_SOURCE]],
  ['object-src', ["'none'"]],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
  ['frame-ancestors', ["'none'"]],
];

// Browsers ignore frame-ancestors in a meta tag and log a console error for it, so the meta policy
// leaves it out. The response header still contains it.
const HEADER_ONLY_DIRECTIVES = new Set(['frame-ancestors']);

function serialize(directives: ReadonlyArray<readonly [string, readonly string[]]>): string {
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** The policy sent in the Content-Security-Policy response header. */
export const CONTENT_SECURITY_POLICY = serialize(CSP_DIRECTIVES);

/** The same policy for `<meta http-equiv="Content-Security-Policy">`, without header-only directives. */
export const META_CONTENT_SECURITY_POLICY = serialize(CSP_DIRECTIVES.filter(([name]) => !HEADER_ONLY_DIRECTIVES.has(name)));

/**
 * Returns response headers with every existing Content-Security-Policy header (in any letter case)
 * replaced by ours. Used by `session.webRequest.onHeadersReceived`.
 */
export function withContentSecurityPolicy(
  headers: Record<string, string | string[]> | undefined,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    result[name] = Array.isArray(value) ? value : [value];
  }
  result['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return result;
}

const META_TAG = `<meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}">`;
const EXISTING_META = /<meta\s+http-equiv=["']Content-Security-Policy["'][^>]*>/gi;

/**
 * Writes the policy into an HTML document as the first element of `<head>`, replacing any CSP meta
 * tag already there. Throws when the document has no `<head>`, because a page without the policy
 * must not ship. The renderer build calls this from a Vite `transformIndexHtml` hook.
 */
export function injectCspMetaTag(html: string): string {
  const withoutOld = html.replace(EXISTING_META, '');
  const head = /<head(\s[^>]*)?>/i.exec(withoutOld);
  if (!head) throw new Error('Cannot add the Content-Security-Policy meta tag: the HTML has no <head> element.');
  const insertAt = head.index + head[0].length;
  return `${withoutOld.slice(0, insertAt)}\n    ${META_TAG}${withoutOld.slice(insertAt)}`;
}
