import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAll, type BundleReport, type Cloud } from '../../../scripts/build.js';
import { tempDir } from '../../unit/aws-lambda/handler-runtime.js';

const run = promisify(execFile);

/** Another cloud's SDK, by the path of a bundled source file (independent of the build script's own list). */
const FOREIGN: Record<Cloud, RegExp> = {
  aws: /node_modules\/(@azure|@google-cloud|google-auth-library|google-gax|gaxios)\//,
  azure: /node_modules\/(@aws-sdk|@smithy|@google-cloud|google-auth-library|google-gax|gaxios)\//,
  gcp: /node_modules\/(@aws-sdk|@smithy|@azure)\//,
};

const AWS_ENTRIES = ['cloudwatch-logs', 's3-objects', 'schedule', ...(existsSync('aws-lambda/evidence.ts') ? ['evidence'] : []), 'http-ingest'];

// Built outside the repository, so a bundle that still needs node_modules fails to load.
const out = tempDir();
let reports: BundleReport[];

beforeAll(async () => {
  reports = await buildAll(out);
}, 60_000);

/** Runs an ES module snippet in a fresh node process (cwd: the bundle's folder). */
async function node(script: string, cwd: string, env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ['--input-type=module', '-e', script], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 });
}

/** Stands in for the install Cloud Functions runs on dist/gcp: each declared dependency, linked from the repo. */
async function installGcpDependencies(dir: string): Promise<void> {
  const { dependencies } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const name of Object.keys(dependencies)) {
    const link = join(dir, 'node_modules', name);
    if (existsSync(link)) continue;
    await mkdir(dirname(link), { recursive: true });
    await symlink(resolve('node_modules', name), link, 'dir');
  }
}

describe('npm run build', () => {
  it('produces one bundle per entry point', () => {
    expect(reports.map((r) => `${r.cloud}/${r.name}`).sort()).toEqual([...AWS_ENTRIES.map((n) => `aws/${n}`), 'azure/function-app', 'gcp/functions'].sort());
    for (const r of reports) {
      expect(existsSync(r.entry)).toBe(true);
      expect(r.entryBytes).toBeGreaterThan(0);
    }
  });

  it('never bundles another cloud SDK', () => {
    for (const r of reports) expect(r.inputs.filter((input) => FOREIGN[r.cloud].test(input)), `${r.cloud}/${r.name}`).toEqual([]);
  });

  it('bundles the shared pipeline into every ingest handler', () => {
    for (const r of reports.filter((x) => x.name !== 'evidence')) expect(r.inputs.some((input) => input.startsWith('shared/pipeline/'))).toBe(true);
  });

  it.each(AWS_ENTRIES)('makes aws/%s load in a fresh node process with a handler export', async (name) => {
    const entry = pathToFileURL(join(out, 'aws', name, 'index.mjs')).href;
    const { stdout } = await node(`const m = await import(${JSON.stringify(entry)}); console.log(typeof m.handler);`, join(out, 'aws', name));
    expect(stdout.trim()).toBe('function');
  });

  it.each([...AWS_ENTRIES.map((n) => `aws/${n}`), 'azure/function-app', 'gcp/functions'])('makes every lazily loaded chunk of %s load too', async (id) => {
    const report = reports.find((r) => `${r.cloud}/${r.name}` === id)!;
    if (report.cloud === 'gcp') await installGcpDependencies(report.dir);
    const urls = report.outputs.map((o) => pathToFileURL(o.path).href);
    const script = `for (const url of ${JSON.stringify(urls)}) await import(url); console.log('loaded ' + ${urls.length});`;
    const { stdout } = await node(script, report.dir);
    expect(stdout.trim()).toBe(`loaded ${urls.length}`);
  });

  it('runs the bundled CloudWatch Logs handler end to end on a local store', async () => {
    const data = tempDir();
    const event = {
      awslogs: {
        data: gzipSync(
          JSON.stringify({
            messageType: 'DATA_MESSAGE',
            owner: '123456789012',
            logGroup: '/aws/apigateway/orders-api',
            logStream: 's-1',
            subscriptionFilters: ['bridge'],
            logEvents: [{ id: '1', timestamp: Date.parse('2026-11-25T10:00:00Z'), message: JSON.stringify({ requestId: 'r-1', status: 200, ip: '203.0.113.5' }) }],
          }),
        ).toString('base64'),
      },
    };
    const entry = pathToFileURL(join(out, 'aws', 'cloudwatch-logs', 'index.mjs')).href;
    const script = `const m = await import(${JSON.stringify(entry)}); const r = await m.handler(${JSON.stringify(event)}, { functionName: 'cwl', awsRequestId: 'r' }); console.error('RESULT ' + JSON.stringify(r));`;
    const { stdout, stderr } = await node(script, data, { BRIDGE__STORE__PATH: data, BRIDGE_ALLOW_DEV_KEYS: '1', BRIDGE_DATA_DIR: data });
    const result = JSON.parse(/RESULT (.*)/.exec(stderr)![1]!) as { received: number; written: number; quarantined: number; filtered: number; objects: string[] };
    expect(result.received).toBe(1);
    expect(result.received).toBe(result.written + result.quarantined + result.filtered);
    for (const key of result.objects) expect(existsSync(join(data, key))).toBe(true);
    // The invocation's log line and its Embedded Metric Format document.
    const docs = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(docs.some((d) => d.message === 'batch ingested')).toBe(true);
    expect(docs.some((d) => typeof d._aws === 'object' && d.Received === 1)).toBe(true);
  });

  it('makes dist/azure a deployable Function App folder that loads outside the host', async () => {
    const dir = join(out, 'azure');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg).toMatchObject({ type: 'module', main: 'index.mjs' });
    const host = JSON.parse(readFileSync(join(dir, 'host.json'), 'utf8')) as { version: string; extensionBundle: unknown; extensions: { eventHubs: { maxEventBatchSize: number } } };
    expect(host.version).toBe('2.0');
    expect(host.extensionBundle).toEqual({ id: 'Microsoft.Azure.Functions.ExtensionBundle', version: '[4.*, 5.0.0)' });
    expect(host.extensions.eventHubs.maxEventBatchSize).toBeGreaterThan(1);
    // Outside the host @azure/functions runs in test mode and skips the registrations.
    await node(`await import(${JSON.stringify(pathToFileURL(join(dir, 'index.mjs')).href)});`, dir);
  });

  it('makes dist/gcp a source folder that declares what it imports from outside and registers both functions', async () => {
    const dir = join(out, 'gcp');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { type: string; main: string; dependencies: Record<string, string> };
    expect(pkg).toMatchObject({ type: 'module', main: 'index.mjs' });
    expect(Object.keys(pkg.dependencies)).toContain('@google-cloud/functions-framework');
    expect(Object.keys(pkg.dependencies).filter((d) => !d.startsWith('@google-cloud/'))).toEqual([]);
    const gcp = reports.find((r) => r.cloud === 'gcp')!;
    expect(gcp.inputs.some((input) => input.includes('node_modules/@google-cloud/functions-framework/'))).toBe(false);
    // What the platform's install provides, and nothing else: the bundle registers into that copy.
    await installGcpDependencies(dir);
    const script = [
      `await import(${JSON.stringify(pathToFileURL(join(dir, 'index.mjs')).href)});`,
      "const { getFunction } = await import('@google-cloud/functions-framework/testing');",
      "console.log(['ingestPubSub', 'scheduledCollect'].map((n) => typeof getFunction(n)).join(','));",
    ].join('\n');
    const { stdout } = await node(script, dir);
    expect(stdout.trim()).toBe('function,function');
  });
});
