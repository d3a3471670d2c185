// Finds the Electron binary, or explains why there is none (it is downloaded on first use, which
// fails on machines without internet access).
import { createRequire } from 'node:module';

/** Returns `{ path }` when an Electron binary is usable, else `{ reason }`. */
export function findElectronBinary() {
  const require = createRequire(import.meta.url);
  try {
    const binary = require('electron');
    if (typeof binary === 'string' && binary.length > 0) return { path: binary };
    return { reason: 'the electron package did not return a binary path' };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { reason: `no Electron binary is installed (${message})` };
  }
}
