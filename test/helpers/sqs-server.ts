import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for SQS's JSON protocol (`X-Amz-Target: AmazonSQS.<Action>`,
 * `application/x-amz-json-1.0`), enough for SendMessage and SendMessageBatch: it keeps the
 * messages in memory and answers with their ids and the MD5 of each body, which the SDK checks.
 * No SQS emulator is installed here; this reproduces the wire shape the SDK sends and expects.
 */
export interface SqsMessage {
  queueUrl: string;
  body: string;
}

export interface SqsServer {
  endpoint: string;
  queueUrl: string;
  messages: SqsMessage[];
  /** Actions received, in order. */
  actions: string[];
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
}

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

export async function startSqsServer(): Promise<SqsServer> {
  const messages: SqsMessage[] = [];
  const actions: string[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const action = String(req.headers['x-amz-target'] ?? '').replace(/^AmazonSQS\./, '');
      actions.push(action);
      const input = await readJson(req);
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() });
        res.end(JSON.stringify(body));
      };
      const queueUrl = String(input.QueueUrl ?? '');
      if (action === 'SendMessage') {
        const body = String(input.MessageBody ?? '');
        messages.push({ queueUrl, body });
        return reply(200, { MessageId: randomUUID(), MD5OfMessageBody: md5(body) });
      }
      if (action === 'SendMessageBatch') {
        const entries = (input.Entries ?? []) as Array<{ Id: string; MessageBody: string }>;
        if (entries.length === 0 || entries.length > 10) return reply(400, { __type: 'com.amazonaws.sqs#TooManyEntriesInBatchRequest', message: 'too many entries' });
        const Successful = entries.map((e) => {
          messages.push({ queueUrl, body: e.MessageBody });
          return { Id: e.Id, MessageId: randomUUID(), MD5OfMessageBody: md5(e.MessageBody) };
        });
        return reply(200, { Successful, Failed: [] });
      }
      return reply(400, { __type: 'com.amazonaws.sqs#InvalidAction', message: `unsupported action ${action}` });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    queueUrl: `${endpoint}/123456789012/telemetry-bridge-ingest`,
    messages,
    actions,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
