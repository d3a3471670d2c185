// The `stemcrate` command: separation, songs, status, library and key management over the same
// core the desktop app uses. Every non-zero exit prints one line saying what failed and what to do.
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createCore, defaultFolders, type Core } from '../core.js';
import { toAppError } from '../errors.js';
import { ID_PATTERN } from '../ipc/schemas.js';
import { createLogger, setRootLogger } from '../log/logger.js';
import type { Settings } from '../settings/settings.js';
import { keyCommand, libraryList, separate, songs, status, type Output } from './commands.js';
import { cliMessage } from './cli-message.js';
import { EXIT, exitCodeFor } from './exit-codes.js';

interface CommonOptions {
  apiBase?: string;
  library?: string;
  dataDir?: string;
  pollInterval?: number;
  json?: boolean;
}

function parsePositiveSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 600) {
    throw new InvalidArgumentError(`"${value}" is not a whole number of seconds from 1 to 600.`);
  }
  return seconds;
}

/** Returns an option parser that rejects a value that cannot be an id, before any request is sent. */
function idParser(idKind: string): (value: string) => string {
  return (value) => {
    if (ID_PATTERN.test(value)) return value;
    throw new InvalidArgumentError(`"${value}" is not ${idKind}: ids have 1 to 128 letters, digits, dots, dashes, colons or underscores. Copy the id from your crun.ai task list.`);
  };
}

function parseUrl(value: string): string {
  try {
    return new URL(value).toString().replace(/\/$/, '');
  } catch {
    throw new InvalidArgumentError(`"${value}" is not a URL; give one such as https://api.crun.ai`);
  }
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    if (process.stdin.isTTY) process.stderr.write('Paste the API key and press Ctrl+D: ');
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

async function withCore(options: CommonOptions, run: (core: Core, out: Output) => Promise<number> | number): Promise<number> {
  const defaults = defaultFolders(os.homedir());
  const dataDir = options.dataDir ?? process.env.STEMCRATE_DATA_DIR ?? defaults.dataDir;
  setRootLogger(createLogger({ logDir: path.join(dataDir, 'logs'), level: 'info' }));

  const overrides: Partial<Settings> = {};
  if (options.apiBase) overrides.apiBase = options.apiBase;
  if (options.library) overrides.libraryDir = path.resolve(options.library);
  if (options.pollInterval) overrides.pollIntervalSeconds = options.pollInterval;

  const out: Output = {
    json: options.json ?? false,
    print: (line) => process.stdout.write(`${line}\n`),
    info: (line) => process.stderr.write(`${line}\n`),
  };
  let core: Core | null = null;
  try {
    core = await createCore({ dataDir, defaultLibraryDir: defaults.libraryDir, overrides, role: 'command line' });
    return await run(core, out);
  } catch (error) {
    const appError = toAppError(error);
    process.stderr.write(`stemcrate: ${cliMessage(appError)}\n`);
    return exitCodeFor(appError.code);
  } finally {
    await core?.stop();
  }
}

function addCommon(command: Command, withJson = true): Command {
  command
    .option('--api-base <url>', 'crun.ai API base URL (default https://api.crun.ai)', parseUrl)
    .option('--library <dir>', 'library folder (default ~/Music/Stemcrate)')
    .option('--data-dir <dir>', 'folder for settings, task state and logs (or STEMCRATE_DATA_DIR)')
    .option('--poll-interval <seconds>', 'seconds between queries of one task (default 15)', parsePositiveSeconds);
  if (withJson) command.option('--json', 'print one JSON object instead of text');
  return command;
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('stemcrate')
    .description('Separate Suno songs into stems with crun.ai and keep them in a local library. The API key comes from CRUN_API_KEY when set, otherwise from the OS keychain.')
    .exitOverride()
    .showHelpAfterError();

  addCommon(
    program
      .command('separate')
      .description('submit a song for separation; with --wait, download its stems into the library')
      .requiredOption('--task-id <id>', 'the Suno music generation task id', idParser('a task id'))
      .requiredOption('--suno-id <id>', 'the song id inside that generation task', idParser('a song id'))
      .addOption(new Option('--mode <mode>', 'vocal: 2 stems; instrumental: up to 12 stems').choices(['vocal', 'instrumental']).makeOptionMandatory())
      .option('--wait', 'poll until the task ends and download the stems')
      .option('--confirm-duplicate', 'submit even if this song and mode is already separated or in flight (charged again)'),
  ).action(async (options: CommonOptions & { taskId: string; sunoId: string; mode: 'vocal' | 'instrumental'; wait?: boolean; confirmDuplicate?: boolean }) => {
    setExit(
      await withCore(options, (core, out) =>
        separate(core, { taskId: options.taskId, sunoId: options.sunoId, mode: options.mode, wait: options.wait ?? false, confirmDuplicate: options.confirmDuplicate ?? false }, out),
      ),
    );
  });

  addCommon(program.command('songs').description('list the songs of a music generation task').requiredOption('--task-id <id>', 'the generation task id', idParser('a task id'))).action(
    async (options: CommonOptions & { taskId: string }) => setExit(await withCore(options, (core, out) => songs(core, options.taskId, out))),
  );

  addCommon(program.command('status').description("show a separation task's status").requiredOption('--task-id <id>', 'the separation task id', idParser('a task id'))).action(
    async (options: CommonOptions & { taskId: string }) => setExit(await withCore(options, (core, out) => status(core, options.taskId, out))),
  );

  const library = program.command('library').description('the local library');
  addCommon(library.command('list').description('list the songs in the library')).action(async (options: CommonOptions) =>
    setExit(await withCore(options, (core, out) => libraryList(core, out))),
  );

  addCommon(
    program
      .command('key')
      .description('manage the API key in the OS keychain; "set" reads the key from standard input')
      .argument('<action>', 'set, delete or status'),
  ).action(async (action: string, options: CommonOptions) => setExit(await withCore(options, (core, out) => keyCommand(core, action, readStdin, out))));

  return program;
}

async function main(): Promise<void> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    process.stderr.write(`stemcrate: ${toAppError(error).message}\n`);
    process.exitCode = EXIT.taskFailed;
    return;
  }
  process.exitCode = exitCode;
}

await main();
