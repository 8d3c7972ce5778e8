/**
 * The cold-start reference: a minimal Lambda handler whose only dependency is
 * @aws-sdk/client-s3 (what "a handler that reads one object" costs to load).
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';

let client: S3Client | undefined;

export async function handler(event: { bucket: string; key: string }): Promise<number> {
  client ??= new S3Client({});
  const object = await client.send(new GetObjectCommand({ Bucket: event.bucket, Key: event.key }));
  return (await object.Body?.transformToByteArray())?.length ?? 0;
}
