import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkedAddresses, RefusedAddress, type Resolve } from './receiver-address';

/** How much of a receiver's answer is read (and then dropped): it is never stored. */
export const RESPONSE_BYTES_READ = 4096;

export interface PostOptions {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivate: boolean;
  resolve: Resolve;
  /** Aborts the attempt (a stopping worker). */
  signal?: AbortSignal;
}

/** An attempt's outcome: the status when one came back, and our own words for a failure (never the receiver's body). */
export interface PostResult {
  ok: boolean;
  status: number | null;
  error: string | null;
}

const failure = (error: string, status: number | null = null): PostResult => ({ ok: false, status, error });

/**
 * One POST to a receiver. The host's addresses are checked before the
 * connection and the socket connects to exactly those; no redirect is
 * followed (a 3xx is a failure); at most RESPONSE_BYTES_READ of the answer is
 * read; no answer within `timeoutMs` is a failure.
 */
export async function postWebhook(options: PostOptions): Promise<PostResult> {
  const url = new URL(options.url);
  let addresses: { address: string; family: number }[];
  try {
    addresses = await checkedAddresses(url.hostname, options.allowPrivate, options.resolve);
  } catch (error) {
    if (error instanceof RefusedAddress) return failure(`refused: ${error.message}`);
    return failure(`DNS lookup of ${url.hostname} failed (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const lookup: LookupFunction = (_host, opts, callback) => {
    const all = (opts as { all?: boolean }).all;
    if (all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      resolve(result);
    };
    const req = send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(options.body), ...options.headers },
      lookup,
      agent: false,
    });
    const timer = setTimeout(() => finish(failure(`no answer within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
    const onAbort = () => finish(failure('abandoned: the server stopped during the attempt'));
    options.signal?.addEventListener('abort', onAbort);
    if (options.signal?.aborted) onAbort();
    req.on('error', (error: NodeJS.ErrnoException) => finish(failure(`connection failed (${error.code ?? 'error'})`)));
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const done = () =>
        finish(
          status >= 200 && status < 300
            ? { ok: true, status, error: null }
            : failure(status >= 300 && status < 400 ? `redirect (HTTP ${status}) not followed` : `HTTP ${status}`, status),
        );
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= RESPONSE_BYTES_READ) done();
      });
      res.on('end', done);
      res.on('error', done);
    });
    req.end(options.body);
  });
}
