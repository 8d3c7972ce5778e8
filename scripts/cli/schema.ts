import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { defaultRegistry } from '../../shared/schema/index.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { parseFlags } from './options.js';

export const SCHEMA_HELP = `bridge schema export [--out DIR]

Exports JSON Schema (draft 2020-12) for every registered schema version: the BronzeEvent envelope,
the TelemetrySummary, the quarantine record and the typed attributes per source_type.
Without --out, prints one JSON object keyed name@version; with --out, writes <name>@<version>.schema.json files.`;

export async function schemaCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('schema', argv, { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h', default: false } }, true);
  if (values.help) {
    io.out(SCHEMA_HELP);
    return EXIT.ok;
  }
  const [action, ...rest] = positionals;
  if (action !== 'export' || rest.length > 0) throw new UsageError(`schema: unknown action ${JSON.stringify([action, ...rest].filter(Boolean).join(' '))} (use \`bridge schema export [--out DIR]\`)`);
  const schemas = defaultRegistry().exportJsonSchema();
  if (values.out === undefined) {
    io.out(JSON.stringify(schemas, null, 2));
    return EXIT.ok;
  }
  const dir = resolve(io.cwd, values.out);
  await mkdir(dir, { recursive: true });
  for (const [id, schema] of Object.entries(schemas)) {
    await writeFile(join(dir, `${id}.schema.json`), `${JSON.stringify(schema, null, 2)}\n`);
  }
  io.out(`Wrote ${Object.keys(schemas).length} JSON Schemas to ${relative(io.cwd, dir) || '.'}/`);
  return EXIT.ok;
}
