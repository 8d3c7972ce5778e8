import azureFunctions from '@azure/functions';
import { describe, expect, it, vi } from 'vitest';
import { EVENT_HUB_RETRY } from '../../../azure-function/event-hub.js';

describe('the Function App entry point', () => {
  it('registers the Event Hubs trigger (cardinality many, with its retry policy) and the timer', async () => {
    // Outside the host the library skips registrations, so watch the calls instead.
    const eventHub = vi.spyOn(azureFunctions.app, 'eventHub').mockImplementation(() => undefined);
    const timer = vi.spyOn(azureFunctions.app, 'timer').mockImplementation(() => undefined);
    await import('../../../azure-function/index.js');

    expect(eventHub).toHaveBeenCalledWith(
      'ingestEventHub',
      expect.objectContaining({
        connection: 'EVENTHUB_CONNECTION',
        eventHubName: '%EVENTHUB_NAME%',
        consumerGroup: '%EVENTHUB_CONSUMER_GROUP%',
        cardinality: 'many',
        retry: EVENT_HUB_RETRY,
        handler: expect.any(Function),
      }),
    );
    expect(timer).toHaveBeenCalledWith('scheduledCollect', expect.objectContaining({ schedule: '%COLLECT_SCHEDULE%', handler: expect.any(Function) }));
  });
});
