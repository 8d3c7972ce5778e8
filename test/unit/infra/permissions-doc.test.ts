import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { areaOf, BRIDGE_ROLES, CLOUD_FUNCTIONS, permissionTableMarkdown, prefixOf, ROLE_ACCESS } from '../../../infra/permissions.js';
import { RETENTION } from '../../../shared/config/retention.js';

describe('the permission table', () => {
  it('is what docs/security.md shows', () => {
    const doc = readFileSync(new URL('../../../docs/security.md', import.meta.url), 'utf8');
    const shown = /<!-- permission-table:start -->\n([\s\S]*?)\n<!-- permission-table:end -->/.exec(doc)?.[1];
    expect(shown).toBe(permissionTableMarkdown());
  });

  it('names only areas of the retention table (or prefixes inside one), and every function of every cloud has a role', () => {
    for (const role of BRIDGE_ROLES) {
      const a = ROLE_ACCESS[role];
      for (const area of [...a.write, ...a.create, ...a.read, ...a.delete, ...a.list]) expect(Object.keys(RETENTION)).toContain(areaOf(area));
    }
    for (const fns of Object.values(CLOUD_FUNCTIONS)) expect(new Set(Object.values(fns))).toEqual(new Set(BRIDGE_ROLES));
  });

  it('refuses a prefix outside every retention area', () => {
    expect(() => prefixOf('tmp/')).toThrow(/not a prefix inside one/);
    expect(prefixOf('state/replay/')).toBe('state/replay/');
  });

  // edge serves GET /evidence with the evidence function's code (shared/evidence/http.ts).
  it('lets only the evidence and edge roles touch evidence/ or the signing key, and neither overwrite there', () => {
    for (const role of BRIDGE_ROLES.filter((r) => r !== 'evidence' && r !== 'edge')) {
      const a = ROLE_ACCESS[role];
      expect([...a.write, ...a.create, ...a.read, ...a.delete, ...a.list]).not.toContain('evidence');
      expect(a.secrets).not.toContain('signing');
    }
    expect(ROLE_ACCESS.evidence.write).toEqual([]);
    expect(ROLE_ACCESS.edge.write).not.toContain('evidence');
    expect(ROLE_ACCESS.edge.delete).toEqual([]);
  });

  it('gives edge exactly the union of what its routes use: the ingest row, the evidence row, and state/ for the health probe', () => {
    const union = (k: 'write' | 'create' | 'read' | 'list' | 'secrets') => [...new Set([...ROLE_ACCESS.ingest[k], ...ROLE_ACCESS.evidence[k]])].sort();
    expect([...ROLE_ACCESS.edge.write].sort()).toEqual(union('write'));
    expect([...ROLE_ACCESS.edge.create].sort()).toEqual(union('create'));
    expect([...ROLE_ACCESS.edge.read].sort()).toEqual([...union('read'), 'state'].sort());
    expect([...ROLE_ACCESS.edge.list].sort()).toEqual([...union('list'), 'state'].sort());
    expect([...ROLE_ACCESS.edge.secrets].sort()).toEqual(union('secrets'));
  });
});
