export { LocalFolderStore, type LocalFolderStoreOptions } from './local-folder.js';
export { createObjectStore } from './create.js';
