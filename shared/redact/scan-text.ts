import { DEFAULT_DENY_FIELDS, DEFAULT_HASH_FIELDS } from './field-names.js';
import type { TextMatch } from './match.js';
import { DEFAULT_DETECTOR_ACTIONS } from './rules.js';
import { createScanner, type Scanner, type ScannerOptions } from './scanner.js';

let defaultScanner: Scanner | undefined;

/**
 * What the detectors find in `text` (merged, sorted, with the action each span would get),
 * under the default policy unless options are given. Used by tests and the benchmark; the
 * redactor runs the same scanner.
 */
export function scanText(text: string, options?: Partial<ScannerOptions>): Array<TextMatch & { action: 'remove' | 'hash' }> {
  const scanner = options ? createScanner(withDefaults(options)) : (defaultScanner ??= createScanner(withDefaults({})));
  return scanner.scan(text).map((m) => ({ ...m }));
}

function withDefaults(options: Partial<ScannerOptions>): ScannerOptions {
  return {
    detectors: { ...DEFAULT_DETECTOR_ACTIONS, ...options.detectors },
    denyFields: options.denyFields ?? DEFAULT_DENY_FIELDS,
    allowFields: options.allowFields ?? [],
    hashFields: options.hashFields ?? DEFAULT_HASH_FIELDS,
  };
}
