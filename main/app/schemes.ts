// The custom schemes the app registers as privileged before `app.whenReady()`. Electron keeps only
// the last `protocol.registerSchemesAsPrivileged` call, so every scheme must be in this one list.
import type { CustomScheme } from 'electron';
import { APP_SCHEME } from './app-url.js';
import { MEDIA_SCHEME } from './media-url.js';

export const PRIVILEGED_SCHEMES: readonly CustomScheme[] = [
  {
    // The renderer's own origin. `standard` gives it a real origin and relative URL resolution,
    // `secure` makes it a secure context like https. No CSP bypass and no service workers.
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
  },
  {
    // Stems and covers. `stream` lets audio elements play and seek while the file streams in.
    // `corsEnabled` lets the app page, a different origin, fetch a stem to draw its waveform and
    // route an <audio crossorigin> element through Web Audio. It makes responses readable from any
    // origin, which is safe only because no page other than the app page is ever loaded.
    scheme: MEDIA_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true },
  },
];
