import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** A message waiting in pglite-socket's query queue (0.2.17, `QueuedQuery`). */
interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve: (resultSize: number) => void;
  reject: (error: Error) => void;
  onData: (data: Uint8Array) => void;
}

/** The fields of pglite-socket's `QueryQueueManager` that its queue order reads. */
interface QueueInternals {
  queue: QueuedMessage[];
  processing: boolean;
  db: PGlite;
  lastHandlerId: number | null;
  processQueue: () => Promise<void>;
  clearTransactionIfNeeded: (handlerId: number) => Promise<void>;
}

/** Extended-protocol messages that leave an unnamed statement or portal for the next (Parse, Bind, Describe, Execute, Close, Flush). */
const OPENS_SEQUENCE = new Set([...'PBDECH'].map((c) => c.charCodeAt(0)));
/** Messages that end a sequence: Sync, a simple Query. */
const ENDS_SEQUENCE = new Set([...'SQ'].map((c) => c.charCodeAt(0)));

/**
 * The embedded database's socket server queues connections' protocol messages one by one, and
 * keeps one connection's messages together only inside a transaction. `pg` sends a parameterised
 * query as Parse, Bind, Describe, Execute, Sync, and PGlite has one session: when connections
 * waited together (behind a transaction), their Parses ran in a row and each Bind met another's
 * statement ("bind message supplies 2 parameters, but prepared statement "" requires 1",
 * `portal "" does not exist`) — a wrong answer was possible. This keeps each connection's sequence
 * together up to its Sync, as the server does for a transaction. It replaces the queue's order
 * in place (pglite-socket is pinned at 0.2.17; the check below fails loudly if its shape changes).
 */
export function keepProtocolSequencesTogether(server: PGLiteSocketServer): void {
  const q = (server as unknown as { queryQueue?: QueueInternals }).queryQueue;
  if (!q || !Array.isArray(q.queue) || typeof q.processQueue !== 'function' || typeof q.clearTransactionIfNeeded !== 'function') {
    throw new Error('pglite-socket: its query queue is not the one keepProtocolSequencesTogether knows (0.2.17)');
  }
  /** The connection in the middle of an extended-protocol sequence, if any. */
  let midSequence: number | null = null;

  q.processQueue = async function processQueue(): Promise<void> {
    if (q.processing || q.queue.length === 0) return;
    q.processing = true;
    try {
      while (q.queue.length > 0) {
        // Inside a transaction or a sequence, only its connection's next message may run.
        const owner = midSequence ?? (q.db.isInTransaction() ? q.lastHandlerId : null);
        const i = owner === null ? 0 : q.queue.findIndex((x) => x.handlerId === owner);
        if (i === -1) break;
        const [next] = q.queue.splice(i, 1);
        let size = 0;
        try {
          await q.db.runExclusive(() =>
            q.db.execProtocolRawStream(next.message, {
              onRawData: (data: Uint8Array) => {
                size += data.length;
                next.onData(data);
              },
            }),
          );
        } catch (error) {
          next.reject(error as Error);
          continue;
        }
        const type = next.message[0];
        if (OPENS_SEQUENCE.has(type)) midSequence = next.handlerId;
        else if (ENDS_SEQUENCE.has(type)) midSequence = null;
        q.lastHandlerId = next.handlerId;
        next.resolve(size);
      }
    } finally {
      q.processing = false;
    }
  };

  // A connection that goes away in the middle of a sequence releases it.
  const clearTransaction = q.clearTransactionIfNeeded.bind(q);
  q.clearTransactionIfNeeded = async (handlerId: number): Promise<void> => {
    if (midSequence === handlerId) midSequence = null;
    await clearTransaction(handlerId);
    await q.processQueue();
  };
}
