const MAX_NAME = 128;

/**
 * `userPrincipalName` → `user_principal_name`, `HTTPMethod` → `http_method`, `account-id` → `account_id`,
 * `@timestamp` → `timestamp`. Linear; never returns `__proto__`.
 */
export function snakeCase(name: string): string {
  // Field names repeat record after record: five regex passes once per name, a lookup after.
  let snake = CACHE.get(name);
  if (snake === undefined) {
    snake = convert(name);
    if (CACHE.size >= CACHE_LIMIT) CACHE.clear();
    CACHE.set(name, snake);
  }
  return snake;
}

const CACHE = new Map<string, string>();
const CACHE_LIMIT = 4096;

function convert(name: string): string {
  return name
    .slice(0, MAX_NAME)
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}
