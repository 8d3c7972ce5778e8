import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isGzip } from './inflate.js';

/** What went wrong, for the caller to tell bad bytes (quarantine) from a failed read (rethrow). */
export interface InflateStreamState {
  sourceError?: { error: unknown };
  zlibFailed?: boolean;
  capExceeded?: boolean;
}

async function* sourceChunks(iterator: AsyncIterator<Uint8Array>, head: Uint8Array[], state: InflateStreamState): AsyncGenerator<Uint8Array> {
  try {
    for (const chunk of head) yield chunk;
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await iterator.next();
      } catch (error) {
        state.sourceError = { error };
        throw error;
      }
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    if (state.sourceError === undefined) await iterator.return?.();
  }
}

/**
 * Decompressed bytes of a stream: gzip (told by its magic bytes) through a gunzip that stops once
 * more than `maxBytes` came out (`state.capExceeded`), anything else passes through. A corrupt or
 * truncated gzip ends the stream by throwing with `state.zlibFailed`; an error thrown by `chunks`
 * itself is rethrown with `state.sourceError` set.
 */
export async function* inflateStreamCapped(chunks: AsyncIterable<Uint8Array>, maxBytes: number, state: InflateStreamState): AsyncGenerator<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  while (headBytes < 2) {
    let next: IteratorResult<Uint8Array>;
    try {
      next = await iterator.next();
    } catch (error) {
      state.sourceError = { error };
      throw error;
    }
    if (next.done === true) break;
    head.push(next.value);
    headBytes += next.value.length;
  }
  const source = sourceChunks(iterator, head, state);
  if (!isGzip(Buffer.concat(head))) {
    yield* source;
    return;
  }
  const gunzip = createGunzip();
  gunzip.on('error', () => {
    if (state.sourceError === undefined) state.zlibFailed = true;
  });
  pipeline(Readable.from(source), gunzip, () => undefined);
  let total = 0;
  for await (const chunk of gunzip as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      state.capExceeded = true;
      gunzip.destroy();
      return;
    }
    yield chunk;
  }
}
