import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  /** The webhook-id header. */
  id: string;
  body: { id: string; sequence: number; type: string; occurredAt: string; institutionCode: string; payload: Record<string, unknown> };
  /** Whether the Standard Webhooks signature verified with the subscription's secret. */
  verified: boolean;
  headers: IncomingHttpHeaders;
}

/** How the receiver answers one request: a status, after a delay, or a body that never ends. */
export type Answer = { status: number; location?: string; endlessBody?: boolean; hang?: boolean; body?: string; delayMs?: number };

export interface TestReceiver {
  url: string;
  received: Received[];
  /** The secret signatures are verified with (the one createWebhookSubscription returned). */
  secret: string | null;
  answer: (r: Received) => Answer;
  /** Bytes of endless bodies written before the client went away. */
  endlessBytesWritten: number;
  /** Requests received and not yet answered (or abandoned). */
  open: number;
  close(): Promise<void>;
}

/** An HTTP receiver on 127.0.0.1 that verifies each delivery with the standardwebhooks package, as an HR system would. */
export async function startReceiver(path = '/hook'): Promise<TestReceiver> {
  const sockets = new Set<Socket>();
  const receiver: TestReceiver = {
    url: '',
    received: [],
    secret: null,
    answer: () => ({ status: 204 }),
    endlessBytesWritten: 0,
    open: 0,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let verified = false;
      try {
        if (receiver.secret) new Webhook(receiver.secret).verify(raw, req.headers as Record<string, string>);
        verified = !!receiver.secret;
      } catch {
        verified = false;
      }
      const r: Received = { id: String(req.headers['webhook-id']), body: JSON.parse(raw || 'null'), verified, headers: req.headers };
      receiver.received.push(r);
      receiver.open++;
      res.on('close', () => receiver.open--);
      respond(res, receiver.answer(r));
    });
  });
  const respond = (res: ServerResponse, a: Answer) => {
    if (a.hang) return;
    if (a.delayMs) return void setTimeout(() => respond(res, { ...a, delayMs: 0 }), a.delayMs);
    if (a.endlessBody) {
      res.writeHead(a.status, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(1024, 'x');
      const more = () => {
        while (!res.destroyed && res.write(chunk)) receiver.endlessBytesWritten += chunk.length;
        if (!res.destroyed) res.once('drain', more);
      };
      more();
      return;
    }
    res.writeHead(a.status, a.location ? { location: a.location } : {});
    res.end(a.body ?? '');
  };
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  return receiver;
}
