// `npm run bench`: runs every test/bench/*.bench.ts with tsx, one after another in file-name order,
// and writes their markdown sections to docs/benchmarks.md under a header naming the date, the
// machine and the command. Each benchmark prints one section (starting with `## `) on stdout.
// `npm run bench -- NAME...` runs only the benchmarks whose file name contains a NAME and prints
// their sections without touching docs/benchmarks.md, so the page always shows a complete run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BENCH_DIR = 'test/bench';
const OUTPUT = 'docs/benchmarks.md';
/** Maximum run time of one benchmark, ms. A benchmark that hangs is stopped and reported as failed. */
const BENCH_TIMEOUT_MS = 15 * 60_000;

const filters = process.argv.slice(2);
const benches = (existsSync(BENCH_DIR) ? readdirSync(BENCH_DIR) : [])
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();

if (benches.length === 0) {
  console.error(`run-bench: no benchmark in ${BENCH_DIR}/ matches ${filters.length === 0 ? '*.bench.ts' : filters.join(', ')}.`);
  process.exit(1);
}

const sections = [];
let failures = 0;
for (const name of benches) {
  const file = path.join(BENCH_DIR, name);
  console.error(`run-bench: ${file}`);
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: BENCH_TIMEOUT_MS,
    maxBuffer: 16 * 1024 * 1024,
    env: { STEMCRATE_LOG_LEVEL: 'silent', ...process.env },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const output = (run.stdout ?? '').trim();
  if (run.status === 0 && output.startsWith('## ')) {
    sections.push(output);
    console.error(`run-bench: ${file} done in ${seconds} s`);
    continue;
  }
  failures++;
  let reason = `exit code ${run.status}`;
  if (run.signal) reason = `stopped by ${run.signal}`;
  if (run.error) reason = run.error.message;
  if (run.status === 0) reason = 'no section starting with "## " on standard output';
  console.error(`run-bench: ${file} failed after ${seconds} s (${reason})`);
  sections.push(`## ${name}\n\nThis benchmark failed (${reason}); see the command's error output.${output ? `\n\nIts output:\n\n\`\`\`\n${output}\n\`\`\`` : ''}`);
}

const cpus = os.cpus();
const header = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench\` (tools/run-bench.mjs) on ${new Date().toISOString().slice(0, 10)}. Each section comes from one \`test/bench/*.bench.ts\`, in file-name order. Numbers measured in simulated time do not depend on the machine, but real-time numbers do.`,
  '',
  `Machine: ${os.availableParallelism()} CPU cores (\`nproc\`), ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB memory, ${os.type()} ${os.release()} ${os.arch()}, Node ${process.version}.`,
  '',
].join('\n');

const text = `${header}\n${sections.join('\n\n')}\n`;
if (filters.length > 0) {
  process.stdout.write(text);
} else {
  mkdirSync(path.dirname(OUTPUT), { recursive: true });
  writeFileSync(OUTPUT, text);
  console.error(`run-bench: wrote ${OUTPUT} (${sections.length} sections, ${failures} failed)`);
}
process.exit(failures === 0 ? 0 : 1);
