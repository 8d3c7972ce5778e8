import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** One generated sample file: its path under scripts/demo/samples/ and its bytes. */
export interface SampleFile {
  path: string;
  body: Buffer;
}

export function jsonFile(path: string, value: unknown): SampleFile {
  return { path, body: Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8') };
}

export function gzip(data: string | Buffer): Buffer {
  return gzipSync(data, { level: 9 });
}

/** Hex digits derived from a seed: stable ids without randomness. */
export function hexId(seed: string, length = 32): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += createHash('sha256').update(`${seed}#${i}`).digest('hex');
  return out.slice(0, length);
}

export function uuid(seed: string): string {
  const h = hexId(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Decimal digits derived from a seed (Pub/Sub message ids, sequence numbers). */
export function digits(seed: string, length: number): string {
  return BigInt(`0x${hexId(seed, 40)}`).toString().padStart(length, '7').slice(0, length);
}

/** Milliseconds since the epoch of a UTC wall-clock time on the demo day (2026-11-21). */
export function at(hh: number, mm: number, ss: number, ms = 0): number {
  return Date.UTC(2026, 10, 21, hh, mm, ss, ms);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** ISO with more fractional digits, as Azure (7) and GCP (6–9) write them. */
export function isoFraction(ms: number, fraction: string): string {
  return `${new Date(ms).toISOString().slice(0, 19)}.${fraction}Z`;
}
