// The reference the bench holds the pipeline to: the ~30-line pipeline a user might write instead
// of Telemetry Bridge. Fixed on purpose (issue 15): change it and the ratios stop being comparable.
// JSON.parse each record, one regex that HMACs emails and IPv4 addresses and removes AWS keys,
// JWTs, bearer tokens and password values, a wrapper object, JSON.stringify, gzip level 3 in
// 1 MiB members. Input = the records' JSON text (no delivery decode).
//
//   node bench/reference-pipeline.mjs <file.ndjson> [--key K]   one record's JSON per line
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const SCRUB = /([\w.+-]+@[\w-]+(?:\.[\w-]+)+)|\b((?:\d{1,3}\.){3}\d{1,3})\b|(AKIA[0-9A-Z]{16}|eyJ[\w-]+\.[\w-]+\.[\w-]+|[Bb]earer\s+[\w.~+/=-]+|(?:password|passwd|pwd)["']?\s*[:=]\s*["']?[^\s"'&,;]+)/g;

export function referencePipeline(records, { key = 'reference-key', source = 'reference', level = 3, memberBytes = 1024 * 1024, ingestedAt = new Date(0).toISOString() } = {}) {
  const hmac = (text) => createHmac('sha256', key).update(text).digest('hex').slice(0, 16);
  const scrubText = (text) => text.replace(SCRUB, (m, email, ip) => (email || ip ? `hmac:${hmac(m)}` : '[REDACTED]'));
  const scrub = (value) => {
    if (typeof value === 'string') return scrubText(value);
    if (Array.isArray(value)) return value.map(scrub);
    if (value !== null && typeof value === 'object') {
      const out = {};
      for (const k of Object.keys(value)) out[k] = scrub(value[k]);
      return out;
    }
    return value;
  };
  const members = [];
  let lines = [];
  let bytes = 0;
  const flush = () => {
    if (lines.length > 0) members.push(gzipSync(`${lines.join('\n')}\n`, { level }));
    lines = [];
    bytes = 0;
  };
  for (const text of records) {
    const line = JSON.stringify({ source, ingested_at: ingestedAt, record: scrub(JSON.parse(text)) });
    lines.push(line);
    bytes += line.length + 1;
    if (bytes >= memberBytes) flush();
  }
  flush();
  return Buffer.concat(members);
}

// Run as a script only (the bench bundles this file into its child, where import.meta.url is the child's).
if (process.argv[1]?.endsWith('reference-pipeline.mjs') && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [file, flag, key] = process.argv.slice(2);
  if (!file) throw new Error('usage: node bench/reference-pipeline.mjs <file.ndjson> [--key K]');
  const records = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
  const bytes = records.reduce((n, r) => n + Buffer.byteLength(r), 0);
  const t0 = performance.now();
  const out = referencePipeline(records, flag === '--key' ? { key } : {});
  const ms = performance.now() - t0;
  process.stdout.write(`${JSON.stringify({ records: records.length, bytes, ms, mb_per_s: bytes / 1048576 / (ms / 1000), compressed_bytes: out.length })}\n`);
}
