/**
 * The profiler's subject, in its own process: generates a shape, warms the pipeline up, then
 * records a V8 CPU profile (the same sampler `node --cpu-prof` uses, via node:inspector) of
 * pipeline passes only, so data generation stays out of the profile.
 *
 *   node profile-target.mjs <shape> <bytes> <out.cpuprofile>
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { generateShape, SHAPES, sliceShape } from './data/shapes.js';
import { pipelineRun } from './throughput.js';

async function main(): Promise<void> {
  const [shapeArg, bytesArg, out] = process.argv.slice(2);
  const shape = SHAPES.find((s) => s === shapeArg);
  if (!shape || !(Number(bytesArg) > 0) || !out) throw new Error('usage: profile-target <shape> <bytes> <out.cpuprofile>');
  const data = generateShape(shape, Number(bytesArg));
  const [warm] = sliceShape(data, 10);
  await pipelineRun(warm!);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  const run = await pipelineRun(data);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  writeFileSync(out, JSON.stringify(profile));
  process.stdout.write(`${JSON.stringify({ shape, bytes: data.bytes, ms: run.ms, records: run.records })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`profile-target failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
