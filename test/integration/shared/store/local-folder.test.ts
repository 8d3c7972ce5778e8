import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFolderStore } from '../../../../shared/store/local-folder.js';
import { describeObjectStoreConformance } from './store-conformance.js';

describeObjectStoreConformance('the local folder store', async () => {
  const root = mkdtempSync(join(tmpdir(), 'conformance-local-'));
  return {
    store: new LocalFolderStore({ root }),
    enforcesConditions: true,
    cleanup: async () => rmSync(root, { recursive: true, force: true }),
  };
});
