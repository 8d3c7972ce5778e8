import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface S3rverInstance {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  port: number;
  /** S3 client settings for this server: path-style, S3RVER credentials, checksums only when required. */
  clientConfig: {
    endpoint: string;
    region: string;
    forcePathStyle: true;
    credentials: { accessKeyId: string; secretAccessKey: string };
    requestChecksumCalculation: 'WHEN_REQUIRED';
    responseChecksumValidation: 'WHEN_REQUIRED';
    maxAttempts: number;
  };
  stop(): Promise<void>;
}

/**
 * s3rver on a random loopback port, in a child process started with `--openssl-legacy-provider`
 * (its ListObjectsV2 continuation tokens use a cipher that Node >= 17 only offers with that
 * flag; without it a truncated listing answers 500). Buckets are created before it is ready.
 */
export async function startS3rver(options: { buckets?: string[] } = {}): Promise<S3rverInstance> {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const modulePath = createRequire(import.meta.url).resolve('s3rver');
  const script = [
    'const S3rver = require(process.env.S3RVER_MODULE);',
    'const buckets = JSON.parse(process.env.S3RVER_BUCKETS);',
    "const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.env.S3RVER_DIR, configureBuckets: buckets.map((name) => ({ name })) });",
    "server.run().then(({ port }) => console.log('S3RVER_LISTENING ' + port), (err) => { console.error(err); process.exit(1); });",
    "process.on('SIGTERM', () => server.close().finally(() => process.exit(0)));",
  ].join('\n');
  const started = await startChildServer({
    args: ['--openssl-legacy-provider', '--no-warnings', '-e', script],
    ready: /S3RVER_LISTENING (\d+)\r?\n/,
    env: { ...process.env, S3RVER_MODULE: modulePath, S3RVER_DIR: directory, S3RVER_BUCKETS: JSON.stringify(options.buckets ?? []) },
  }).catch(async (err: unknown) => {
    await rm(directory, { recursive: true, force: true });
    throw err;
  });
  const port = Number(started.match[1]);
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    port,
    clientConfig: {
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 1,
    },
    async stop() {
      await started.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export interface ChildServer {
  child: ChildProcess;
  /** The first capture group of `ready` in the child's output. */
  match: RegExpMatchArray;
  stop(): Promise<void>;
}

export interface StartChildOptions {
  args: string[];
  /** Output line that says the server listens; group 1 usually holds the port. */
  ready: RegExp;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/**
 * Starts a loopback test server as a child Node process (used here and by azurite.ts) and
 * resolves once it prints the line saying it listens, which it does only after `listen`
 * succeeded: no port guessing, no fixed sleeps. The child gets a stdin pipe and exits when
 * that pipe closes, so a crashed or killed test worker never leaves an orphan server behind.
 */
export async function startChildServer(options: StartChildOptions): Promise<ChildServer> {
  const watchdog =
    'data:text/javascript,process.stdin.on("end",()=>process.exit(0));process.stdin.on("error",()=>process.exit(0));process.stdin.resume();';
  const child = spawn(process.execPath, ['--import', watchdog, ...options.args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`child server not ready after ${options.timeoutMs ?? 20_000} ms: ${output.slice(-2000)}`)),
      options.timeoutMs ?? 20_000,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const found = output.match(options.ready);
      if (found) {
        cleanup();
        resolve(found);
      }
    };
    const onExit = (code: number | null): void => fail(new Error(`child server exited with ${code}: ${output.slice(-2000)}`));
    const fail = (err: Error): void => {
      cleanup();
      child.kill('SIGKILL');
      reject(err);
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', (err) => fail(err));
  });
  // Keep draining output so a chatty child never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return { child, match, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Closing stdin trips the watchdog, which exits at once; SIGTERM in case stdin is gone.
  child.stdin?.end();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}
