import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFolderStore } from '../../../shared/store/local-folder.js';
import { readAll } from '../../helpers/pipeline.js';
import { tempDir } from '../aws-lambda/handler-runtime.js';
import { auditLogEntry, listen, messagePublished, postStructured, structuredCloudEvent } from './cloud-events.js';

const saved = { ...process.env };
const data = tempDir();

beforeAll(async () => {
  // The deployed configuration: everything from the environment, the runtime built on first use.
  Object.assign(process.env, { BRIDGE__STORE__PATH: data, BRIDGE_ALLOW_DEV_KEYS: '1', BRIDGE_DATA_DIR: tempDir(), BRIDGE_LOG_LEVEL: 'error' });
  await import('../../../gcp-function/index.js');
});

afterAll(() => {
  process.env = { ...saved };
});

describe('the Cloud Functions entry point', () => {
  it.each(['ingestPubSub', 'scheduledCollect'])('registers %s with the Functions Framework', (name) => {
    expect(() => getTestServer(name)).not.toThrow();
  });

  it('serves ingestPubSub with the runtime built from the environment', async () => {
    const server = await listen(getTestServer('ingestPubSub'));
    try {
      const res = await postStructured(server.url, structuredCloudEvent(messagePublished(JSON.stringify(auditLogEntry(3)))));
      expect(res.status).toBe(204);
    } finally {
      await server.close();
    }
    expect((await readAll(new LocalFolderStore({ root: data }), 'raw/')).size).toBe(1);
  });
});
