export * from './types.js';
export { createSinks, type CreateSinksDeps } from './create.js';
export { deliverBatch, replayFailed, readEvents, failedKey, type FailedDelivery, type DeliveryReport, type ReplayReport } from './delivery.js';
export { fitRecord, truncateUtf8 } from './fit.js';
