// Locations of the preload and renderer bundles relative to the main-process bundle. The build
// writes dist/main/electron.js, dist/preload/index.cjs and dist/renderer/, in the asar archive of a
// packaged app as well as in the work tree.
import path from 'node:path';

export interface BundlePaths {
  /** The sandboxed preload script, bundled to CommonJS. */
  preload: string;
  /** The folder of the built renderer, served under `app://stemcrate/`. */
  rendererDir: string;
}

/** Returns the bundle paths for a main bundle that lives in `mainDir` (normally `dist/main`). */
export function bundlePathsFor(mainDir: string): BundlePaths {
  const distDir = path.resolve(mainDir, '..');
  return {
    preload: path.join(distDir, 'preload', 'index.cjs'),
    rendererDir: path.join(distDir, 'renderer'),
  };
}
