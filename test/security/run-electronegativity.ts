// Runs Electronegativity through its library entry (the package's `main`, dist/runner.js) and
// writes a CSV report. The package's CLI cannot start here: it requires `commander` without
// declaring it, gets commander 15 from the project, and fails on that version's API.
// Usage: node --import tsx run-electronegativity.ts <input folder> <report.csv> <electron version> [excluded checks]
// Prints one JSON line: the number of findings and the files that could not be parsed.
import { createRequire } from 'node:module';
import path from 'node:path';

interface RunnerResult {
  issues: unknown[];
  errors: { file: string; message: string; tolerable: boolean }[];
}

type Loader = (request: string, parent: { filename?: string } | null, isMain: boolean) => unknown;

const require = createRequire(import.meta.url);
const moduleSystem = require('node:module') as { _load: Loader };

// Electronegativity's i18n module downloads translations from GitHub on every run, before it
// falls back to its bundled English strings. Tests may reach only loopback servers, so that one
// `got` import gets a function that fails at once, which takes the same fallback.
const I18N_FOLDER = `${path.sep}electronegativity${path.sep}dist${path.sep}locales${path.sep}`;
const originalLoad = moduleSystem._load;
moduleSystem._load = function load(this: unknown, request, parent, isMain) {
  if (request === 'got' && parent?.filename?.includes(I18N_FOLDER)) {
    return () => Promise.reject(new Error('network access is disabled in tests'));
  }
  return originalLoad.call(this, request, parent, isMain);
};

const run = require('@doyensec/electronegativity') as (options: Record<string, unknown>) => Promise<RunnerResult>;

const [input, output, electronVersion, excluded = ''] = process.argv.slice(2);
if (!input || !output || !electronVersion) {
  console.error('usage: run-electronegativity.ts <input folder> <report.csv> <electron version> [excluded checks]');
  process.exit(2);
}

try {
  const result = await run({
    input,
    output,
    isSarif: false,
    customScan: [],
    excludeFromScan: excluded.split(',').filter(Boolean),
    isRelative: true,
    isVerbose: false,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  });
  // A parse error means a file was not scanned, so the caller fails on it.
  const unparsed = result.errors.filter((error) => !error.tolerable).map(({ file, message }) => ({ file, message }));
  process.stdout.write(`${JSON.stringify({ issues: result.issues.length, unparsed })}\n`);
} catch (error) {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
}
