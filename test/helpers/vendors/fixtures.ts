import { readFileSync } from 'node:fs';

/** A vendor fixture (real wire shapes) from test/fixtures/vendors/<vendor>/<name>.json. */
export function vendorFixture<T = unknown>(vendor: string, name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/vendors/${vendor}/${name}.json`, import.meta.url), 'utf8')) as T;
}
