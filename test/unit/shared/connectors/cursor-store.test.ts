import { describe, expect, it } from 'vitest';
import { advanceCursor, CursorStore, cursorKey, type CursorDoc } from '../../../../shared/connectors/cursor-store.js';
import { ConnectorError } from '../../../../shared/connectors/errors.js';
import { PreconditionFailedError } from '../../../../shared/errors.js';
import { tempStore } from '../../../helpers/pipeline.js';

const T0 = Date.parse('2026-11-25T10:00:00.000Z');
const T1 = Date.parse('2026-11-25T11:00:00.000Z');

describe('cursorKey', () => {
  it.each([
    ['pagerduty', 'default', 'state/cursors/pagerduty.json'],
    ['github', 'octo-org/checkout', 'state/cursors/github-octo-org.checkout.json'],
    ['github', 'o/we ird!', 'state/cursors/github-o.we_ird_.json'],
  ])('%s / %s → %s', (connector, scope, key) => {
    expect(cursorKey(connector, scope)).toBe(key);
  });
});

describe('advanceCursor', () => {
  const at = { connector: 'c', scope: 'default', dataType: 'incidents', now: T1, runId: 'r' };
  it('creates a document on the first advance and never mutates the one it is given', () => {
    const first = advanceCursor(null, { ...at, watermark: T0 });
    expect(first).toEqual({ cursor_version: '1', connector: 'c', scope: 'default', data_types: { incidents: { watermark: '2026-11-25T10:00:00.000Z', updated_at: '2026-11-25T11:00:00.000Z', run_id: 'r' } } });
    const frozen = structuredClone(first);
    advanceCursor(first, { ...at, dataType: 'oncalls', watermark: T1 });
    expect(first).toEqual(frozen);
  });
  it('never moves a watermark backwards', () => {
    const doc = advanceCursor(null, { ...at, watermark: T1 });
    expect(advanceCursor(doc, { ...at, watermark: T0 }).data_types.incidents!.watermark).toBe('2026-11-25T11:00:00.000Z');
  });
});

describe('CursorStore', () => {
  const doc = (watermark: number): CursorDoc => advanceCursor(null, { connector: 'pd', scope: 'default', dataType: 'incidents', watermark, now: watermark, runId: 'r' });

  it('reads nothing before the first write, then what was written, with its etag', async () => {
    const cursors = new CursorStore(tempStore());
    expect(await cursors.read('pd', 'default')).toEqual({ doc: null, etag: undefined });
    const etag = await cursors.write(doc(T0), undefined);
    expect(await cursors.read('pd', 'default')).toEqual({ doc: doc(T0), etag });
  });

  it('refuses a first write when a cursor already exists, and a write with a stale etag', async () => {
    const cursors = new CursorStore(tempStore());
    const first = await cursors.write(doc(T0), undefined);
    await expect(cursors.write(doc(T1), undefined)).rejects.toBeInstanceOf(PreconditionFailedError);
    const second = await cursors.write(doc(T1), first);
    await expect(cursors.write(doc(T1 + 1), first)).rejects.toThrow(/was changed by another run/);
    expect(second).not.toBe(first);
  });

  it.each([['not json'], ['{"cursor_version":"1"}'], ['{"cursor_version":"1","connector":"pd","scope":"default","data_types":{"x":{"watermark":"yesterday"}}}']])(
    'reports a damaged cursor document %s instead of silently restarting',
    async (body) => {
      const store = tempStore();
      await store.put('state/cursors/pd.json', body);
      const err = await new CursorStore(store).read('pd', 'default').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectorError);
      expect((err as Error).message).toBe('cursor state/cursors/pd.json is not a valid cursor document; fix or delete it (deleting restarts from the look-back)');
    },
  );
});
