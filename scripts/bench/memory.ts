import { writeFileSync } from 'node:fs';
import { cloudWatchDelivery, cloudWatchEvents } from './data/shapes.js';
import { runNodeJson } from './child.js';
import type { MemoryRaw } from './memory-child.js';

/** Lambda's synchronous invocation payload ceiling (6 MB = 6 MiB). */
export const LAMBDA_PAYLOAD_BYTES = 6 * 1024 * 1024;

/**
 * The largest CloudWatch Logs event (CloudTrail records) whose invocation JSON stays under
 * `maxBytes`, written to `file` (+ `.meta` with the decompressed size). Deterministic.
 */
export function writeCloudWatchEvent(file: string, maxBytes = LAMBDA_PAYLOAD_BYTES): { eventBytes: number; decompressedBytes: number; events: number } {
  const logGroup = 'aws-cloudtrail-logs-123456789012-prod';
  const build = (target: number) => {
    const { events } = cloudWatchEvents('cloudtrail', target, 'memory-cloudwatch');
    return { events, text: JSON.stringify(cloudWatchDelivery(logGroup, 'memory-stream', events)) };
  };
  // Estimate the compression ratio on a sample, then trim to fit.
  let target = 4 * 1024 * 1024;
  let { events, text } = build(target);
  target = Math.floor(target * (maxBytes / text.length) * 0.97);
  ({ events, text } = build(target));
  while (text.length > maxBytes) {
    events = events.slice(0, Math.floor(events.length * 0.98));
    text = JSON.stringify(cloudWatchDelivery(logGroup, 'memory-stream', events));
  }
  const payload = { messageType: 'DATA_MESSAGE', owner: '123456789012', logGroup, logStream: 'memory-stream', subscriptionFilters: ['to-telemetry-bridge'], logEvents: events };
  const decompressedBytes = Buffer.byteLength(JSON.stringify(payload));
  writeFileSync(file, text);
  writeFileSync(`${file}.meta`, JSON.stringify({ decompressedBytes }));
  return { eventBytes: text.length, decompressedBytes, events: events.length };
}

export async function memoryCloudWatch(childScript: string, eventFile: string, cpu?: number): Promise<MemoryRaw> {
  return runNodeJson<MemoryRaw>(childScript, ['cloudwatch', eventFile], { cpu, nodeArgs: ['--expose-gc'] });
}

export async function memoryS3Stream(childScript: string, bytes: number, cpu?: number): Promise<MemoryRaw> {
  return runNodeJson<MemoryRaw>(childScript, ['s3-stream', String(bytes)], { cpu, nodeArgs: ['--expose-gc'] });
}
