export { LocalFolderStore, type LocalFolderStoreOptions } from './local-folder.js';
export { createObjectStore } from './create.js';
export { pruneExpired, type PruneReport } from './prune.js';
export { lastModifiedOf } from './last-modified.js';
