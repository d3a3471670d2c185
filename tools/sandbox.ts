// `npm run sandbox`: the app against the local crun.ai simulator, no account needed. Starts
// Electron when its binary is present; otherwise serves the real renderer, with the real
// main-process modules behind it, to a browser on 127.0.0.1. `--browser` forces the browser.
import { spawn, spawnSync } from 'node:child_process';
import { electronPackageDir, findElectronBinary } from './electron-binary.js';

const SANDBOX_KEY = 'sandbox-key-0001';
const forceBrowser = process.argv.includes('--browser');
const electron = findElectronBinary(electronPackageDir(), process.env);

/** True when tools/with-keyring.sh can start a private keyring here (gnome-keyring is installed). */
function canStartKeyring(): boolean {
  return spawnSync('sh', ['-c', 'command -v gnome-keyring-daemon && command -v dbus-daemon && command -v gdbus'], { stdio: 'ignore' }).status === 0;
}

function serveToBrowser(): void {
  const hostArgs = ['--import', 'tsx', 'test/host/main.ts', '--key', SANDBOX_KEY, ...process.argv.slice(2).filter((arg) => arg !== '--browser')];
  // Without a desktop session there is no keychain. A throwaway keyring lets the sandbox store its
  // key as the app does on a desktop, so it does not fall back to memory with a warning.
  const host = canStartKeyring()
    ? spawn('bash', ['tools/with-keyring.sh', process.execPath, ...hostArgs], { stdio: 'inherit' })
    : spawn(process.execPath, hostArgs, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => host.kill(signal));
  host.on('exit', (code) => process.exit(code ?? 0));
}

function startElectron(executablePath: string): void {
  const simulator = spawn(process.execPath, ['--import', 'tsx', 'test/simulator/main.ts', '--port', '0', '--key', SANDBOX_KEY, '--pending-ms', '3000', '--running-ms', '6000'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  simulator.stdout.once('data', (line: Buffer) => {
    const { url } = JSON.parse(String(line)) as { url: string };
    console.log(`Sandbox API at ${url}. Enter this API key in the app: ${SANDBOX_KEY}`);
    const app = spawn(executablePath, ['.'], { stdio: 'inherit', env: { ...process.env, STEMCRATE_API_BASE: url, STEMCRATE_SANDBOX_KEY: SANDBOX_KEY } });
    app.on('exit', (code) => {
      simulator.kill('SIGTERM');
      process.exit(code ?? 0);
    });
  });
}

if (electron.found && !forceBrowser) {
  startElectron(electron.executablePath);
} else {
  if (!electron.found && !forceBrowser) {
    console.log(`Electron cannot start here: ${electron.reason}.`);
    console.log('Serving the app to a browser instead. (With internet access, `npx electron --version` fetches the binary once.)');
  }
  serveToBrowser();
}
