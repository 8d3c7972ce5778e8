import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { startChildServer } from './s3rver.js';

export interface AzuriteInstance {
  /** `http://127.0.0.1:PORT/devstoreaccount1` */
  blobEndpoint: string;
  port: number;
  /** The full connection string (the short `UseDevelopmentStorage=true` form ignores the port). */
  connectionString: string;
  stop(): Promise<void>;
}

/** Azurite's well-known development account key (public, documented; not a secret). */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/**
 * azurite-blob on a random loopback port, in memory, in a child process. `--skipApiVersionCheck`
 * because the SDK is newer than the emulator (every call fails with 400 otherwise);
 * `--disableTelemetry` because it otherwise calls out to the internet.
 */
export async function startAzurite(): Promise<AzuriteInstance> {
  const bin = join(dirname(createRequire(import.meta.url).resolve('azurite/package.json')), '..', '.bin', 'azurite-blob');
  const started = await startChildServer({
    args: [bin, '--blobHost', '127.0.0.1', '--blobPort', '0', '--inMemoryPersistence', '--skipApiVersionCheck', '--disableTelemetry', '--silent'],
    ready: /successfully listens on http:\/\/127\.0\.0\.1:(\d+)\r?\n/,
  });
  const port = Number(started.match[1]);
  const blobEndpoint = `http://127.0.0.1:${port}/${DEV_ACCOUNT}`;
  return {
    blobEndpoint,
    port,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};BlobEndpoint=${blobEndpoint};`,
    stop: () => started.stop(),
  };
}
