import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../../../shared/catalogue/index.js';
import type { DeliveryContext } from '../../../../shared/catalogue/types.js';
import { fixtureRecords } from '../parse/fixtures.js';

/** Event Hubs names diagnostic settings choose per category (`insights-logs-<category>`, Activity log: `insights-activity-logs`). */
const HUB: Readonly<Record<string, string>> = {
  activity: 'insights-activity-logs',
  signin: 'insights-logs-signinlogs',
  firewall: 'insights-logs-azurefirewall',
};

describe('the catalogue route on Event Hubs', () => {
  it.each([
    ['a firewall record in a hub named for the Activity log', 'firewall', 'azure-diagnostics', 'activity'],
    ['an Activity record in a hub named for sign-ins', 'activity', 'administrative', 'signin'],
    ['a sign-in record in a hub named for the firewall', 'signin', 'signin-logs', 'firewall'],
  ])('lets the record\'s Azure category outweigh the hub name for %s', (_name, expected, variant, hub) => {
    const ctx: DeliveryContext = { trigger: 'eventhub', eventHubName: HUB[hub]! };
    const route = CATALOGUE.route(ctx);
    for (const record of fixtureRecords(expected, variant)) expect(CATALOGUE.recognise(record, route, ctx).type).toBe(expected);
  });
});
