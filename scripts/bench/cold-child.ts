/**
 * Cold-start measurements in a fresh `node` process (plain node, no loader):
 *
 *   node cold-child.mjs import <bundle url>
 *       → { importMs }   time to import the bundle
 *   node cold-child.mjs invoke <aws|azure|gcp> <bundle url> <payload.json>
 *       → { importMs, firstMs, secondMs }   import, then the first and a second invocation
 */
import { readFileSync } from 'node:fs';

type Handler = (...args: unknown[]) => Promise<unknown>;

async function handlerOf(kind: string, module: Record<string, unknown>): Promise<Handler> {
  if (kind === 'gcp') {
    // The bundle registered its functions with the framework it imports (external, same copy).
    const testing = (await import('@google-cloud/functions-framework/testing')) as { getFunction(name: string): unknown };
    const fn = testing.getFunction('ingestPubSub');
    if (typeof fn !== 'function') throw new Error('ingestPubSub is not registered');
    return fn as Handler;
  }
  const handler = module['handler'];
  if (typeof handler !== 'function') throw new Error('the bundle exports no handler');
  return handler as Handler;
}

function argsFor(kind: string, payload: Record<string, unknown>, n: number): unknown[] {
  if (kind === 'azure') {
    const context = { invocationId: `bench-${n}`, functionName: 'ingestEventHub', triggerMetadata: payload['triggerMetadata'], retryContext: undefined };
    return [payload['messages'], context];
  }
  if (kind === 'gcp') return [payload['cloudEvent']];
  return [payload['event'], { awsRequestId: `bench-${n}` }];
}

async function main(): Promise<void> {
  const [mode, a, b, c] = process.argv.slice(2);
  if (mode === 'import') {
    const t0 = performance.now();
    await import(a!);
    process.stdout.write(`${JSON.stringify({ importMs: performance.now() - t0 })}\n`);
    return;
  }
  if (mode !== 'invoke') throw new Error('usage: cold-child import <url> | invoke <kind> <url> <payload>');
  const kind = a!;
  const payload = JSON.parse(readFileSync(c!, 'utf8')) as Record<string, unknown>;
  const t0 = performance.now();
  const module = (await import(b!)) as Record<string, unknown>;
  const t1 = performance.now();
  const handler = await handlerOf(kind, module);
  await handler(...argsFor(kind, payload, 1));
  const t2 = performance.now();
  await handler(...argsFor(kind, payload, 2));
  const t3 = performance.now();
  process.stdout.write(`${JSON.stringify({ importMs: t1 - t0, firstMs: t2 - t1, secondMs: t3 - t2 })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`cold-child failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
