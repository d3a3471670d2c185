// `npm test`: type check, lint, build, the Node test suites, then the Playwright suites, with one
// closing line of counts. Runs itself inside a private unlocked keyring session when needed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

if (!process.env.STEMCRATE_KEYRING_READY) {
  const wrapped = spawnSync('bash', ['tools/with-keyring.sh', process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, STEMCRATE_KEYRING_READY: '1' },
  });
  process.exit(wrapped.status ?? 1);
}

const only = process.argv.slice(2);
const results = { passed: 0, failed: 0, skipped: 0 };
let failedSteps = [];

function step(name, command, args, env = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const run = spawnSync(command, args, { stdio: 'inherit', env: { STEMCRATE_LOG_LEVEL: 'error', ...process.env, ...env } });
  if (run.status !== 0) failedSteps.push(name);
  return run.status === 0;
}

function findTests(dir, suffix) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...findTests(full, suffix));
    else if (entry.endsWith(suffix)) found.push(full);
  }
  return found.sort();
}

function nodeTestArgs(tapFile, files) {
  return [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...files,
  ];
}

/**
 * Runs again, once, the test files that Node's test runner itself lost: on Node 20 its parent and
 * child processes intermittently garble their message stream and the file fails with "Unable to
 * deserialize cloned data" although no test in it failed (nodejs/node#48103 and #64061). Files
 * that fail for any other reason are never re-run.
 */
function rerunRunnerCrashes(tapFile) {
  const text = readFileSync(tapFile, 'utf8');
  const crashed = [...text.matchAll(/^not ok \d+ - (\/\S+\.test\.ts)\n(?:(?!^(?:not )?ok ).*\n)*?.*Unable to deserialize cloned data/gm)].map((match) => match[1]);
  if (crashed.length === 0) return;
  console.log(`\nNode's test runner lost the results of ${crashed.join(', ')} (a runner bug, not a test failure); running them once more.`);
  const rerunTap = 'test-results/node-tests-rerun.tap';
  const before = { ...results };
  results.failed -= crashed.length;
  const rerun = spawnSync(process.execPath, nodeTestArgs(rerunTap, crashed), { stdio: 'inherit', env: { STEMCRATE_LOG_LEVEL: 'error', ...process.env } });
  countTap(rerunTap);
  const otherFailures = before.failed - crashed.length;
  if (rerun.status === 0 && otherFailures === 0) failedSteps = failedSteps.filter((name) => name !== 'node tests');
}

function countTap(file) {
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  const read = (label) => Number(new RegExp(`^# ${label} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  results.passed += read('pass');
  results.failed += read('fail');
  results.skipped += read('skipped') + read('todo');
}

function countPlaywright(file) {
  if (!existsSync(file)) return;
  const stats = JSON.parse(readFileSync(file, 'utf8')).stats ?? {};
  results.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  results.failed += stats.unexpected ?? 0;
  results.skipped += stats.skipped ?? 0;
}

mkdirSync('test-results', { recursive: true });
const wantAll = only.length === 0;

/** Folders and files that `npm test` and `npm run lint` check with ESLint. */
const LINTED = ['main', 'preload', 'renderer', 'test', 'tools', 'eslint.config.js'];

if (wantAll) {
  step('type check (Node)', 'npx', ['tsc', '-p', 'tsconfig.node.json']);
  step('type check (web)', 'npx', ['tsc', '-p', 'tsconfig.web.json']);
  step('type check (Playwright specs)', 'npx', ['tsc', '-p', 'tsconfig.e2e.json']);
  // LINTED names the project's folders, so scratch files elsewhere in a checkout cannot fail the run.
  step('lint', 'npx', ['eslint', ...LINTED]);
}
if (!step('build', 'node', ['tools/build.mjs'])) {
  console.log('\nThe build failed; the tests need it.');
  process.exit(1);
}

const nodeTests = findTests('test', '.test.ts').filter((file) => wantAll || only.some((part) => file.includes(part)));
if (nodeTests.length > 0) {
  const tap = 'test-results/node-tests.tap';
  step('node tests', process.execPath, nodeTestArgs(tap, nodeTests));
  countTap(tap);
  rerunRunnerCrashes(tap);
}

const specs = [...findTests('test/e2e', '.spec.ts'), ...findTests('test/electron', '.spec.ts')].filter(
  (file) => wantAll || only.some((part) => file.includes(part)),
);
if (specs.length > 0) {
  const report = 'test-results/playwright.json';
  step('playwright', 'npx', ['playwright', 'test', ...specs], { PLAYWRIGHT_JSON_OUTPUT_NAME: report });
  countPlaywright(report);
}

console.log(`\nSteps failed: ${failedSteps.length === 0 ? 'none' : failedSteps.join(', ')}`);
console.log(`${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
process.exit(failedSteps.length === 0 && results.failed === 0 ? 0 : 1);
