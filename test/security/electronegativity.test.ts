// Scans the app's sources with Electronegativity (Electron 45 rules) and fails on any finding of
// MEDIUM or higher severity that security/electronegativity-justifications.md does not accept.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUNNER = fileURLToPath(new URL('./run-electronegativity.ts', import.meta.url));
const JUSTIFICATIONS = path.join(ROOT, 'security', 'electronegativity-justifications.md');
const SCANNED = ['main', 'preload', 'renderer'];
const ELECTRON_VERSION = '45.0.0';
/** Needs the network to fetch Electron release notes, which tests may not reach. */
const EXCLUDED_CHECKS = 'AvailableSecurityFixesGlobalCheck';
const BLOCKING_SEVERITIES = new Set(['MEDIUM', 'HIGH', 'CRITICAL']);

interface Finding {
  check: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
  description: string;
}

/** Parses one CSV line with double-quoted fields (quotes inside a field are doubled). */
function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      fields.push(field.trim());
      field = '';
    } else {
      field += char;
    }
  }
  fields.push(field.trim());
  return fields;
}

function parseReport(csv: string): Finding[] {
  const [header, ...rows] = csv.split(/\r?\n/).filter((line) => line.trim() !== '');
  assert.ok(header?.startsWith('issue,'), `unexpected report header: ${header}`);
  return rows.map((row) => {
    const [check = '', severity = '', confidence = '', file = '', location = '', , description = ''] = parseCsvLine(row);
    return { check, severity, confidence, file: file.split(path.sep).join('/'), location, description };
  });
}

async function readJustifications(): Promise<Set<string>> {
  const text = await readFile(JUSTIFICATIONS, 'utf8');
  const accepted = new Set<string>();
  for (const line of text.split('\n')) {
    const match = /^- ([A-Z0-9_]+) (\S+): (.+)$/.exec(line.trim());
    if (match) accepted.add(`${match[1]} ${match[2]}`);
  }
  return accepted;
}

let workDir = '';
let findings: Finding[] = [];
let unparsed: { file: string; message: string }[] = [];

before(async () => {
  // Electronegativity takes one input folder, so the scanned sources are copied into one.
  workDir = await mkdtemp(path.join(tmpdir(), 'stemcrate-electronegativity-'));
  const input = path.join(workDir, 'input');
  for (const folder of SCANNED) await cp(path.join(ROOT, folder), path.join(input, folder), { recursive: true });
  await copyFile(path.join(ROOT, 'package.json'), path.join(input, 'package.json'));

  const report = path.join(workDir, 'report.csv');
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', RUNNER, input, report, ELECTRON_VERSION, EXCLUDED_CHECKS], {
    cwd: ROOT,
    timeout: 120_000,
  });
  // The runner prints one JSON object last; Electronegativity may print lines of its own before it.
  const summary = JSON.parse(stdout.slice(stdout.lastIndexOf('{"issues"'))) as { unparsed: typeof unparsed };
  unparsed = summary.unparsed;
  findings = parseReport(await readFile(report, 'utf8'));
});

after(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

test('electronegativity parses every source', () => {
  assert.deepEqual(unparsed, [], 'files Electronegativity could not parse were not scanned');
});

test('electronegativity scanned the shell', () => {
  // The version check always reports package.json. Without that finding the scan did not run.
  assert.ok(findings.some((finding) => finding.check === 'ELECTRON_VERSION_JSON_CHECK'), 'the report has no version finding');
});

test('electronegativity findings are justified', async () => {
  const accepted = await readJustifications();
  const unjustified = findings
    .filter((finding) => BLOCKING_SEVERITIES.has(finding.severity))
    .filter((finding) => !accepted.has(`${finding.check} ${finding.file}`))
    .map((finding) => `${finding.check} ${finding.severity} ${finding.file}:${finding.location} ${finding.description}`);
  assert.deepEqual(unjustified, [], `add a fix, or a line to ${path.relative(ROOT, JUSTIFICATIONS)}`);
});

test('electronegativity justifications are all used', async () => {
  const found = new Set(findings.map((finding) => `${finding.check} ${finding.file}`));
  const stale = [...(await readJustifications())].filter((entry) => !found.has(entry));
  assert.deepEqual(stale, [], 'remove justifications for findings that no longer occur');
});

test('CSV parser handles quoted commas', () => {
  assert.deepEqual(parseCsvLine('A,"B, C","say ""hi""",D'), ['A', 'B, C', 'say "hi"', 'D']);
});
