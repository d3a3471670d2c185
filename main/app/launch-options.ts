// Options the Electron shell reads from its environment at launch, validated before the core starts.
import path from 'node:path';

export interface LaunchOptions {
  /** crun.ai base URL override (`STEMCRATE_API_BASE`), for the local simulator. */
  apiBase?: string;
  /** True when the API base is a loopback host, so the UI shows that it runs against the simulator. */
  sandbox: boolean;
  /** Data folder override (`STEMCRATE_DATA_DIR`), used by end-to-end tests to isolate each run. */
  dataDir?: string;
  /** Library folder override (`STEMCRATE_LIBRARY_DIR`), used by end-to-end tests. */
  libraryDir?: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function readAbsolutePath(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  if (!path.isAbsolute(value)) throw new Error(`Invalid ${name} "${value}": it must be an absolute folder path.`);
  return value;
}

/**
 * Reads and validates the launch options from `env`. Throws with the variable name and the fix when
 * a value is invalid, because starting with a half-applied override would write to the wrong place.
 */
export function readLaunchOptions(env: NodeJS.ProcessEnv): LaunchOptions {
  const options: LaunchOptions = { sandbox: false };

  const apiBase = env.STEMCRATE_API_BASE;
  if (apiBase !== undefined && apiBase !== '') {
    let parsed: URL;
    try {
      parsed = new URL(apiBase);
    } catch {
      throw new Error(`Invalid STEMCRATE_API_BASE "${apiBase}": it must be an http or https URL such as http://127.0.0.1:4010.`);
    }
    const loopback = isLoopbackHost(parsed.hostname);
    // Plain http would send the API key in clear text, so it is accepted only on this machine.
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
      throw new Error(`Invalid STEMCRATE_API_BASE "${apiBase}": use https, or http only for a loopback host.`);
    }
    options.apiBase = apiBase;
    options.sandbox = loopback;
  }

  const dataDir = readAbsolutePath(env, 'STEMCRATE_DATA_DIR');
  if (dataDir) options.dataDir = dataDir;
  const libraryDir = readAbsolutePath(env, 'STEMCRATE_LIBRARY_DIR');
  if (libraryDir) options.libraryDir = libraryDir;
  return options;
}
