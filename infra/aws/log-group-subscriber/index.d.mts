// Types for index.mjs (shipped as plain JavaScript: the Lambda asset needs no build step).

export interface LogsPort {
  putSubscriptionFilter(input: { logGroupName: string; filterName: string; filterPattern: string; destinationArn: string }): Promise<unknown>;
  describeSubscriptionFilters(input: { logGroupName: string }): Promise<{ subscriptionFilters?: Array<{ filterName?: string; destinationArn?: string }> }>;
  describeLogGroups(input: { logGroupNamePrefix: string; nextToken?: string }): Promise<{ logGroups?: Array<{ logGroupName?: string }>; nextToken?: string }>;
}

export interface SubscriberSettings {
  destinationArn: string;
  filterName: string;
  filterPattern: string;
  prefixes: string[];
  excludePrefixes: string[];
}

export interface SubscriberResult {
  subscribed: number;
  present: number;
  skipped: number;
}

export function settingsFromEnv(env: Record<string, string | undefined>): SubscriberSettings;
export function wanted(settings: SubscriberSettings, name: string): boolean;
export function createHandler(deps: {
  logs: LogsPort;
  settings: SubscriberSettings;
  log?: (message: string, context: object) => void;
}): (event: unknown) => Promise<SubscriberResult>;
export const handler: (event: unknown) => Promise<unknown>;
