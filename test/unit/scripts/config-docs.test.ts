import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { BridgeConfigSchema, DEFAULT_SUMMARY_RULES, loadConfig } from '../../../shared/config/index.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const doc = readFileSync(`${repo}docs/config.md`, 'utf8');

interface JsonSchemaNode {
  type?: string | string[];
  properties?: Record<string, JsonSchemaNode>;
}

/** Dotted paths of every leaf key (object sections recurse; free-form maps are leaves). */
function keyPaths(node: JsonSchemaNode, prefix: string): string[] {
  if (!node.properties) return prefix === '' ? [] : [prefix];
  return Object.entries(node.properties).flatMap(([key, child]) => keyPaths(child, prefix === '' ? key : `${prefix}.${key}`));
}

describe('docs/config.md', () => {
  const schema = z.toJSONSchema(BridgeConfigSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  const paths = keyPaths(schema, '');

  it('has a section for every top-level key', () => {
    const missing = Object.keys(schema.properties ?? {}).filter((section) => !new RegExp(`^## .*\`${section}\``, 'm').test(doc));
    expect(missing).toEqual([]);
  });

  it('documents every config key the schema accepts', () => {
    expect(paths.length).toBeGreaterThan(30);
    const missing = paths.filter((path) => !doc.includes(`\`${path}\``) && !new RegExp(`^## .*\`${path}\``, 'm').test(doc));
    expect(missing).toEqual([]);
  });
});

describe('bridge.example.yaml', () => {
  it('is a valid config that spells out the default summary rules', () => {
    const config = loadConfig({ path: `${repo}bridge.example.yaml`, env: {} });
    expect(config.summary.rules).toEqual(DEFAULT_SUMMARY_RULES);
    expect(config.store.type).toBe('local');
  });
});
