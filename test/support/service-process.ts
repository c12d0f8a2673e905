import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { within } from './wait-for';

// Jest runs from the repository (npm test); ESM test modules have no __dirname.
const ROOT = process.cwd();
const ENTRY = join(ROOT, 'dist/src/main.js');

function newestSourceMtime(dir: string, extensions: readonly string[] = ['.ts']): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'dist' && entry.name !== 'node_modules')
        newest = Math.max(newest, newestSourceMtime(path, extensions));
    } else if (extensions.some((extension) => entry.name.endsWith(extension)))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const builtAt = (file: string) => (existsSync(file) ? statSync(file).mtimeMs : 0);

/**
 * The service as it is deployed: `dist/src/main.js` and the dashboard's `web/dist`, each built here first
 * when it is missing or older than a source file (CI builds before `npm test`; a fresh clone's `npm test`
 * has no dist/). Returns whether it had to build.
 */
export async function ensureBuiltService(): Promise<boolean> {
  if (!existsSync(join(ROOT, 'nest-cli.json')))
    throw new Error(`Run the tests from the repository, not ${ROOT}`);
  const run = (script: string, args: string[]) =>
    promisify(execFile)(process.execPath, [join(ROOT, script), ...args], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
  let built = false;
  if (builtAt(ENTRY) < newestSourceMtime(join(ROOT, 'src'))) {
    await run('node_modules/@nestjs/cli/bin/nest.js', ['build']);
    built = true;
  }
  const web = join(ROOT, 'web');
  if (
    builtAt(join(web, 'dist/index.html')) <
    newestSourceMtime(web, ['.ts', '.tsx', '.mts', '.css', '.html', '.svg'])
  ) {
    await run('node_modules/vite/bin/vite.js', [
      'build',
      '--config',
      'web/vite.config.mts',
      '--logLevel',
      'warn',
    ]);
    built = true;
  }
  return built;
}

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One run of the service as a child process, with everything it printed. */
export class ServiceProcess {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<ServiceExit>;
  private readonly child: ChildProcess;
  private readonly dir: string;
  private listeners: (() => void)[] = [];

  constructor(env: Record<string, string>) {
    // A folder of its own: no .env is read, and the SQLite file goes there.
    this.dir = mkdtempSync(join(tmpdir(), 'tmt-service-'));
    this.child = spawn(process.execPath, [ENTRY], {
      cwd: this.dir,
      env: {
        PATH: process.env.PATH ?? '',
        // Plain log lines, for the tests to read.
        NO_COLOR: '1',
        DATABASE_URL: `sqlite:${join(this.dir, 'tracker.sqlite')}`,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (lines: string[]) => {
      let partial = '';
      return (chunk: Buffer) => {
        const text = partial + chunk.toString();
        const complete = text.split('\n');
        partial = complete.pop() ?? '';
        lines.push(...complete.filter(Boolean));
        for (const listener of this.listeners) listener();
      };
    };
    this.child.stdout!.on('data', collect(this.stdout));
    this.child.stderr!.on('data', collect(this.stderr));
    this.exited = new Promise((resolveExit) =>
      // 'close', not 'exit': by then everything it printed has been read.
      this.child.once('close', (code, signal) => resolveExit({ code, signal })),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  get output(): string[] {
    return [...this.stdout, ...this.stderr];
  }

  /** The first line matching `pattern`; rejects when the process ends first or after `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
    return new Promise((resolveLine, reject) => {
      const check = () => {
        const line = this.output.find((candidate) => pattern.test(candidate));
        if (line !== undefined) {
          done();
          resolveLine(line);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`No line matching ${pattern} within ${timeoutMs} ms:\n${this.output.join('\n')}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((listener) => listener !== check);
      };
      this.listeners.push(check);
      void this.exited.then(() => {
        check();
        if (this.listeners.includes(check)) {
          done();
          reject(new Error(`The service ended before printing ${pattern}:\n${this.output.join('\n')}`));
        }
      });
      check();
    });
  }

  /** How the process ended, or null when it was still running after `timeoutMs` (it is then killed). */
  async exitWithin(timeoutMs: number): Promise<ServiceExit | null> {
    const exit = await within(this.exited, timeoutMs);
    if (exit === undefined) await this.kill();
    return exit ?? null;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Ends the process if it still runs, and removes its folder. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
