import azureFunctions, { type InvocationContext as Context, type RetryContext } from '@azure/functions';

// In plain Node ESM, InvocationContext is not a named export of the CommonJS package.
const { InvocationContext } = azureFunctions;

/** An Azure Activity log record as diagnostic settings export it. */
export function activityRecord(i: number, resultType = 'Success'): Record<string, unknown> {
  return {
    time: `2026-11-25T09:59:5${i % 10}.1234567Z`,
    resourceId: `/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000/RESOURCEGROUPS/RG-APP/PROVIDERS/MICROSOFT.COMPUTE/VIRTUALMACHINES/VM${i}`,
    operationName: 'MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE',
    category: 'Administrative',
    resultType,
    resultSignature: 'Succeeded.Created',
    durationMs: '1234',
    callerIpAddress: '203.0.113.9',
    correlationId: `6f1a3b7c-0000-4000-8000-00000000000${i % 10}`,
    identity: { claims: { 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': 'alice@contoso.com' } },
    level: 'Information',
    location: 'westeurope',
    properties: { statusCode: 'Created' },
  };
}

/** The trigger metadata the Functions host passes with a batch (cardinality many). */
export function triggerMetadata(count: number, firstSequence = 1024, partitionId = '3'): Record<string, unknown> {
  const seq = Array.from({ length: count }, (_, i) => firstSequence + i);
  const enqueued = seq.map((_, i) => new Date(Date.parse('2026-11-25T10:00:01.000Z') + i).toISOString());
  return {
    partitionContext: {
      consumerGroup: '$Default',
      eventHubName: 'insights-activity-logs',
      fullyQualifiedNamespace: 'bridge-ns.servicebus.windows.net',
      partitionId,
    },
    sequenceNumberArray: seq,
    enqueuedTimeUtcArray: enqueued,
    offsetArray: seq.map((s) => String(s * 1024)),
    partitionKeyArray: [],
    propertiesArray: seq.map(() => ({})),
    systemPropertiesArray: seq.map((s, i) => ({ SequenceNumber: s, Offset: String(s * 1024), EnqueuedTimeUtc: enqueued[i] })),
  };
}

/** The context the Functions host builds for an invocation (test mode outside the host). */
export function invocationContext(options: { triggerMetadata?: Record<string, unknown>; retryContext?: RetryContext; functionName?: string } = {}): Context {
  return new InvocationContext({
    invocationId: 'b3f0c2a4-1d5e-4c6f-9a7b-8c9d0e1f2a3b',
    functionName: options.functionName ?? 'ingestEventHub',
    ...(options.triggerMetadata ? { triggerMetadata: options.triggerMetadata } : {}),
    ...(options.retryContext ? { retryContext: options.retryContext } : {}),
    logHandler: () => undefined,
  });
}
