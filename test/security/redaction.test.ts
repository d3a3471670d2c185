// The logger scrubs the API key from every line it writes: a registered key wherever it sits in
// the line, and any x-api-key value in header, JSON or query form even when it was never registered.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import got from 'got';
import { AppError } from '../../main/errors.js';
import { createLogger, type Logger } from '../../main/log/logger.js';
import { registerSecret } from '../../main/log/redact.js';

const KEY = `sk-leakcheck-${randomBytes(12).toString('hex')}`;
registerSecret(KEY);

interface Capture {
  logger: Logger;
  lines: string[];
  /** Every line written so far, joined. */
  text(): string;
}

function captureLogger(): Capture {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { logger: createLogger({ level: 'debug', stream }), lines, text: () => lines.join('') };
}

/** Parses every written line, so a redaction that broke the JSON fails here. */
function parseLines(capture: Capture): unknown[] {
  return capture.lines.map((line) => JSON.parse(line) as unknown);
}

/** Returns a port on 127.0.0.1 that nothing listens on, found by starting a server and closing it. */
async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('redaction of a registered key', () => {
  it('scrubs the key from messages', () => {
    const capture = captureLogger();
    capture.logger.info(`sending request with ${KEY} now`);
    capture.logger.info('printf-style %s argument', KEY);
    capture.logger.child({ module: 'api', hint: KEY }).warn('child bindings');

    assert.equal(capture.lines.length, 3);
    assert.ok(!capture.text().includes(KEY), capture.text());
    assert.equal(capture.text().split('[REDACTED]').length - 1, 3);
  });

  it('scrubs the key from nested objects', () => {
    const capture = captureLogger();
    capture.logger.info(
      {
        request: { meta: [{ deep: { deeper: { deepest: `Bearer ${KEY}` } } }] },
        list: ['a', KEY, 'b'],
        [KEY]: 'the key as a property name',
        apiKey: KEY,
        settings: { apiKey: KEY },
      },
      'nested',
    );

    assert.ok(!capture.text().includes(KEY), capture.text());
    assert.doesNotThrow(() => parseLines(capture));
  });

  it('scrubs errors with causes and stack traces', () => {
    const capture = captureLogger();
    const inner = new Error(`inner failure for key ${KEY}`);
    const outer = new Error('outer failure', { cause: inner });
    const withProperty = Object.assign(new Error('request failed'), { requestKey: KEY, options: { headers: { 'x-api-key': KEY } } });
    const aggregate = new AggregateError([new Error(`first ${KEY}`), new TypeError(`second ${KEY}`)], 'several failed');

    capture.logger.error({ err: outer }, 'error with a cause');
    capture.logger.error({ err: withProperty }, 'error with own properties');
    capture.logger.error({ err: aggregate }, 'aggregate error');
    capture.logger.error({ error: inner, stack: inner.stack }, 'error under another key');

    assert.ok(inner.stack?.includes(KEY), 'the raw stack trace contains the key, so the check below can fail');
    assert.ok(!capture.text().includes(KEY), capture.text());
    assert.doesNotThrow(() => parseLines(capture));
  });

  it('scrubs AppError messages and details', () => {
    const error = new AppError('internal', `Unexpected error: header was ${KEY}`, { detail: `detail ${KEY}` });
    assert.ok(!error.message.includes(KEY), error.message);
    assert.ok(!(error.detail ?? '').includes(KEY), error.detail);
    assert.ok(!JSON.stringify(error.toDto()).includes(KEY));
  });

  it('scrubs got-style request options', () => {
    const capture = captureLogger();
    const options = { url: 'https://api.crun.ai/api/v1/client/account/balance', method: 'GET', headers: { 'x-api-key': KEY, accept: 'application/json' } };
    capture.logger.debug(options, 'options at the top level');
    capture.logger.debug({ options }, 'options one level down');
    capture.logger.debug({ request: { retry: { options } } }, 'options three levels down');

    assert.ok(!capture.text().includes(KEY), capture.text());
    assert.doesNotThrow(() => parseLines(capture));
  });

  it('scrubs a got RequestError', async () => {
    const capture = captureLogger();
    const port = await closedLoopbackPort();
    const error = await got(`http://127.0.0.1:${port}/api/v1/client/account/balance`, {
      headers: { 'x-api-key': KEY },
      retry: { limit: 0 },
      timeout: { request: 5_000 },
    }).then(
      () => null,
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof Error, 'the request to a closed port fails');

    capture.logger.error({ err: error }, 'request failed');
    assert.ok(!capture.text().includes(KEY), capture.text());
    assert.doesNotThrow(() => parseLines(capture));
  });

  it('scrubs a key that JSON escapes', () => {
    // Printable ASCII passes the key check, so a key may contain `"` and `\`, which JSON escapes.
    const key = `sk-"quoted"\\slash-${randomBytes(6).toString('hex')}`;
    registerSecret(key);
    const escapedOnce = JSON.stringify(key).slice(1, -1);
    const escapedTwice = JSON.stringify(escapedOnce).slice(1, -1);
    const capture = captureLogger();
    capture.logger.info({ value: key }, 'as a field');
    capture.logger.info({ body: JSON.stringify({ echoed: key }) }, 'inside a logged JSON body');
    capture.logger.info({ query: `key=${encodeURIComponent(key)}` }, 'percent-encoded');

    for (const spelling of [key, escapedOnce, escapedTwice, encodeURIComponent(key)]) {
      assert.ok(!capture.text().includes(spelling), `${spelling} in ${capture.text()}`);
    }
    assert.doesNotThrow(() => parseLines(capture));
  });

  it('writes no key to the log file', async () => {
    const logDir = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-redaction-'));
    try {
      const logger = createLogger({ logDir, level: 'debug' });
      logger.info({ headers: { 'x-api-key': KEY } }, `request with ${KEY}`);
      logger.error({ err: new Error(`failed with ${KEY}`) }, 'failure');
      logger.flush();
      const text = await readFile(path.join(logDir, 'stemcrate.log'), 'utf8');

      assert.equal(text.trim().split('\n').length, 2, text);
      assert.ok(!text.includes(KEY), text);
    } finally {
      await rm(logDir, { recursive: true, force: true });
    }
  });
});

describe('redaction of unregistered x-api-key values', () => {
  /** Each case logs one line that carries `value`, which must not appear in the output. */
  const cases: { name: string; log: (logger: Logger, value: string) => void }[] = [
    { name: 'header line in a message', log: (logger, value) => logger.info(`sent x-api-key: ${value} to the API`) },
    { name: 'upper-case query field', log: (logger, value) => logger.info(`url ?X-API-KEY=${value}&a=1`) },
    { name: 'JSON member in a message', log: (logger, value) => logger.info(`body {"x-api-key":"${value}"}`) },
    { name: 'JSON member with spaces', log: (logger, value) => logger.info(`body { "x-api-key" : "${value}" }`) },
    { name: 'JSON body in a field', log: (logger, value) => logger.warn({ body: JSON.stringify({ 'x-api-key': value }) }, 'rejected body') },
    { name: 'single-quoted member', log: (logger, value) => logger.info(`headers {'x-api-key': '${value}'}`) },
    { name: 'header three levels down', log: (logger, value) => logger.info({ a: { b: { headers: { 'x-api-key': value } } } }, 'deep') },
    { name: 'mixed-case header name', log: (logger, value) => logger.info({ headers: { 'X-Api-Key': value } }, 'mixed case') },
    { name: 'array header value', log: (logger, value) => logger.info({ headers: { 'x-api-key': [value] } }, 'array value') },
    { name: 'raw header list', log: (logger, value) => logger.info({ rawHeaders: ['Accept', 'application/json', 'X-API-KEY', value] }, 'raw headers') },
    { name: 'bearer-style value', log: (logger, value) => logger.info(`x-api-key: Bearer ${value}`) },
    { name: 'underscore name', log: (logger, value) => logger.info(`env x_api_key=${value}`) },
    { name: 'curl header option', log: (logger, value) => logger.info(`curl -H "x-api-key: ${value}" https://api.crun.ai`) },
    { name: 'quoted value with a space', log: (logger, value) => logger.info({ headers: { 'x-api-key': `pasted ${value}` } }, 'space') },
  ];

  for (const testCase of cases) {
    it(testCase.name, () => {
      const value = `unregistered${randomBytes(8).toString('hex')}`;
      const capture = captureLogger();
      testCase.log(capture.logger, value);

      assert.equal(capture.lines.length, 1);
      assert.ok(!capture.text().includes(value), capture.text());
      assert.ok(capture.text().includes('[REDACTED]'), capture.text());
      assert.doesNotThrow(() => parseLines(capture), capture.text());
    });
  }

  it('keeps a null header value and valid JSON', () => {
    // Three levels down, so pino's path-based redaction leaves the value to redactText.
    const capture = captureLogger();
    capture.logger.info({ request: { options: { headers: { 'x-api-key': null, other: true } } } }, 'no key');
    const [line] = parseLines(capture) as { request: { options: { headers: Record<string, unknown> } } }[];
    assert.equal(line?.request.options.headers['x-api-key'], null);
    assert.equal(line?.request.options.headers.other, true);
  });
});
