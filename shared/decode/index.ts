export * from './types.js';
export { parseJsonSafe, valueExceedsDepth, isDepthFailure, type JsonParseResult, type JsonLimits } from './safe-json.js';
export {
  inflateCapped,
  isGzip,
  decodeUtf8Strict,
  decodeBase64Strict,
  GZIP_BOMB_REASON,
  CORRUPT_GZIP_REASON,
  INVALID_UTF8_REASON,
  INVALID_BASE64_REASON,
  type InflateResult,
  type TextResult,
  type BytesResult,
} from './inflate.js';
export { QUARANTINE_TEXT_BYTES, recordTooLargeReason, truncateText } from './record-limits.js';
export { decodeCloudWatchLogs, cloudWatchSourceTypeHint } from './cloudwatch-logs.js';
export { decodeEventHubs, type EventHubsDelivery } from './event-hubs.js';
export { decodePubSub, pubSubSourceTypeHint } from './pubsub.js';
export { decodeS3Object, s3SourceTypeHint, type S3Object, type S3ObjectMeta } from './s3-object.js';
export { decodeS3ObjectStream, type S3ObjectPart, type S3StreamOptions } from './s3-object-stream.js';
export { decodeHttpBody, httpBatchIdentity, isLogTypeName, mediaType, refuseHttpBody, type HttpBody, type HttpBodyFormat, type HttpBodyRefusal } from './http-body.js';
