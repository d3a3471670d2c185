// Finds the Electron executable the way the `electron` package's index.js does, but without its
// side effect: requiring that package starts a binary download when the executable is missing.
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type ElectronBinary = { found: true; executablePath: string } | { found: false; reason: string };

/** Returns the folder of the installed `electron` package. */
export function electronPackageDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('electron/package.json'));
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves the executable from `packageDir` (the electron package) and `env`.
 * ELECTRON_OVERRIDE_DIST_PATH wins, as in the package. Otherwise path.txt names the executable
 * inside `dist/`, and both exist only after the binary was downloaded.
 */
export function findElectronBinary(packageDir: string, env: NodeJS.ProcessEnv): ElectronBinary {
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;

  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const executablePath = path.join(override, relative ?? 'electron');
    if (isExecutable(executablePath)) return { found: true, executablePath };
    return { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH is set, but ${executablePath} is not an executable file` };
  }

  if (relative === null) {
    return {
      found: false,
      reason: `the electron package has no binary (${pathFile} is missing; it is written when the binary is downloaded on first use)`,
    };
  }
  const executablePath = path.join(packageDir, 'dist', relative);
  if (!isExecutable(executablePath)) return { found: false, reason: `${executablePath} is missing or not executable` };
  return { found: true, executablePath };
}
