// `npm run sandbox`: the app against the local crun.ai simulator, no account needed. Starts
// Electron when its binary is present; otherwise serves the real renderer, with the real
// main-process modules behind it, to a browser on 127.0.0.1.
import { spawn } from 'node:child_process';
import { findElectronBinary } from './electron-binary.mjs';

const SANDBOX_KEY = 'sandbox-key-0001';
const electron = findElectronBinary();
const forceBrowser = process.argv.includes('--browser');

if (electron.path && !forceBrowser) {
  const simulator = spawn(process.execPath, ['--import', 'tsx', 'test/simulator/main.ts', '--port', '0', '--key', SANDBOX_KEY], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  simulator.stdout.once('data', (line) => {
    const { url } = JSON.parse(String(line));
    console.log(`Sandbox API at ${url}. Use the API key: ${SANDBOX_KEY}`);
    const app = spawn(electron.path, ['.'], {
      stdio: 'inherit',
      env: { ...process.env, STEMCRATE_API_BASE: url, STEMCRATE_SANDBOX: '1' },
    });
    app.on('exit', (code) => {
      simulator.kill('SIGTERM');
      process.exit(code ?? 0);
    });
  });
} else {
  if (!forceBrowser) console.log(`Electron is not available here: ${electron.reason}. Serving the app to a browser instead.`);
  const host = spawn(process.execPath, ['--import', 'tsx', 'test/host/main.ts', '--key', SANDBOX_KEY, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => host.kill(signal));
  host.on('exit', (code) => process.exit(code ?? 0));
}
