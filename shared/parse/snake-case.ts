const MAX_NAME = 128;

/**
 * `userPrincipalName` → `user_principal_name`, `HTTPMethod` → `http_method`, `account-id` → `account_id`,
 * `@timestamp` → `timestamp`. Linear; never returns `__proto__`.
 */
export function snakeCase(name: string): string {
  return name
    .slice(0, MAX_NAME)
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}
