/** One object named by an S3 event notification. */
export interface S3ObjectRef {
  bucket: string;
  /** The object key, URL-decoded ('+' is a space in notifications). */
  key: string;
  etag?: string;
  /** When the object was created (the notification's eventTime): the time of lines without one. */
  eventTime?: string;
}

/**
 * The created objects an S3 notification names: an S3 event (`{Records:[…]}`), or one wrapped in
 * an SNS envelope (S3 → SNS → SQS). `s3:TestEvent` and non-create events name none. Throws on a
 * body that is not a notification at all, so the message is retried and ends in the DLQ.
 */
export function objectsInNotification(doc: unknown): S3ObjectRef[] {
  if (!isObject(doc)) throw new TypeError('not an S3 notification (not a JSON object)');
  if (doc.Event === 's3:TestEvent') return [];
  if (doc.Type === 'Notification' && typeof doc.Message === 'string') return objectsInNotification(JSON.parse(doc.Message));
  if (!Array.isArray(doc.Records)) throw new TypeError('not an S3 notification (no Records)');
  const refs: S3ObjectRef[] = [];
  for (const record of doc.Records as unknown[]) {
    if (!isObject(record) || record.eventSource !== 'aws:s3') throw new TypeError('not an S3 notification record');
    if (typeof record.eventName !== 'string' || !record.eventName.startsWith('ObjectCreated:')) continue;
    const s3 = isObject(record.s3) ? record.s3 : {};
    const bucket = isObject(s3.bucket) ? s3.bucket.name : undefined;
    const object = isObject(s3.object) ? s3.object : {};
    if (typeof bucket !== 'string' || typeof object.key !== 'string') throw new TypeError('S3 notification record without bucket or key');
    refs.push({
      bucket,
      key: decodeURIComponent(object.key.replace(/\+/g, ' ')),
      ...(typeof object.eTag === 'string' && object.eTag !== '' ? { etag: object.eTag } : {}),
      ...(typeof record.eventTime === 'string' ? { eventTime: record.eventTime } : {}),
    });
  }
  return refs;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
