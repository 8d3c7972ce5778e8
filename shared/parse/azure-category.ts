import type { RawRecord } from '../decode/types.js';
import { isPlainObject, recordText } from './json-input.js';
import { at, str } from './field-read.js';

export type AzureParserType = 'activity' | 'firewall' | 'signin';

const ACTIVITY = /^(Administrative|Security|ServiceHealth|Alert|Recommendation|Policy|Autoscale|ResourceHealth)$/;
const FIREWALL = /^(AzureFirewall|AZFW)/;
const SIGNIN = /^(|NonInteractiveUser|ServicePrincipal|ManagedIdentity|ADFS)SignInLogs$/;
const CATEGORY_IN_TEXT = /"category"\s*:\s*(?:\{\s*"value"\s*:\s*)?"([A-Za-z]{1,64})"/;

/** The diagnostic `category` of an Azure record (plain or `{ value }`), read cheaply from text when not parsed. */
export function azureCategory(record: RawRecord): string | undefined {
  if (isPlainObject(record.value)) return str(record.value.category) ?? str(at(record.value, 'category', 'value')) ?? str(record.value.Category);
  const text = recordText(record);
  return text === undefined || !text.trimStart().startsWith('{') ? undefined : CATEGORY_IN_TEXT.exec(text)?.[1];
}

/**
 * Which Azure parser a record's category belongs to. One Event Hub often carries several
 * categories, so a category that names a parser outweighs the hub's hint.
 */
export function azureCategoryOwner(record: RawRecord): AzureParserType | undefined {
  const category = azureCategory(record);
  if (category === undefined) return undefined;
  if (FIREWALL.test(category)) return 'firewall';
  if (SIGNIN.test(category)) return 'signin';
  if (ACTIVITY.test(category)) return 'activity';
  return undefined;
}
