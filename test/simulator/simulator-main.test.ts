// The simulator's command-line entry: prints its URL, serves the API, and stops on SIGTERM.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

const ENTRY = fileURLToPath(new URL('./main.ts', import.meta.url));

/**
 * Resolves with the first stdout line. A child that prints nothing within `timeoutMs` is killed,
 * which closes stdout and rejects, so a silent child fails the test instead of hanging it.
 */
async function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    const line = once(lines, 'line').then(([text]) => text as string);
    const closed = once(lines, 'close').then(() => {
      throw new Error('the simulator exited before printing its URL');
    });
    // Closing the reader in `finally` also settles `closed`, which must not become an unhandled rejection.
    closed.catch(() => undefined);
    return await Promise.race([line, closed]);
  } finally {
    clearTimeout(timer);
    lines.close();
  }
}

describe('simulator main', () => {
  let child: ChildProcess | null = null;

  after(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('prints its URL and stops on SIGTERM', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', ENTRY, '--port', '0', '--key', 'cli-key-123456', '--pending-ms', '0', '--running-ms', '0', '--balance', '42'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await firstLine(child, 30_000);
    const { url } = JSON.parse(line) as { url: string };
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);

    const response = await fetch(`${url}/api/v1/client/account/balance`, { headers: { 'x-api-key': 'cli-key-123456' } });
    assert.deepEqual(await response.json(), { code: 200, message: 'success', data: { balance: 42 } });

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    assert.equal(code, 0);
  });
});
