import type { Query } from './handle';

/** After the replica could not be reached, its reads go straight to the primary this long before it is tried again. */
const COOL_DOWN_MS = 5_000;

/** Connection failures (the socket, or a server shutting down or refusing), as opposed to a query's own error. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);

export function isUnreachable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (code !== undefined && UNREACHABLE_CODES.has(code)) || /^(Connection terminated|timeout exceeded when trying to connect)/i.test(message ?? '');
}

/**
 * Reads on the replica, or on the primary while the replica cannot be
 * reached: for the reads it serves a lagging answer is acceptable and none is
 * not, so a replica outage costs the primary some load, not the catalogue.
 */
export function replicaOrPrimary(replica: Query, primary: Query): Query {
  let downUntil = 0;
  return async (text, params, rowMode) => {
    if (Date.now() < downUntil) return primary(text, params, rowMode);
    try {
      return await replica(text, params, rowMode);
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      downUntil = Date.now() + COOL_DOWN_MS;
      return primary(text, params, rowMode);
    }
  };
}
