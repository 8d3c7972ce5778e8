export * from './types.js';
export { createSinks, type CreateSinksDeps } from './create.js';
export { deliverBatch, readEvents, failedKey, EVENTS_PER_CALL, type FailedDelivery, type DeliveryReport, type DeliveryDeps } from './delivery.js';
export { replayFailed, type ReplayReport, type ReplayOptions } from './replay.js';
export { REPLAY_LEASE_KEY, acquireReplayLease } from './replay-lease.js';
export { POISON_PREFIX, parseFailedEntry } from './failed-entry.js';
export { LEDGER_PREFIX, ledgerKey } from './delivery-ledger.js';
export { fitRecord, truncateUtf8 } from './fit.js';
