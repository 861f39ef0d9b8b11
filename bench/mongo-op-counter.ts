import net from 'node:net';
import { mongo } from 'mongoose';

/**
 * A loopback TCP proxy in front of a Mongo-wire server that counts the commands passing through it, by
 * command and collection (`update alerts`). Counts are exact where CPU figures on a shared machine are noisy,
 * so a cut in Mongo round trips per alert shows plainly. It also times each command by its shape (command,
 * collection and the filter's field names, `find pagebundles {userId,channel} sort {seq}`) from request to
 * reply, which names the queries the server is slow to answer (a collection scan shows as a growing time).
 */
export interface MongoOpCounter {
  uri: string;
  counts(): Map<string, number>;
  /** Per command shape: how many, and the milliseconds from request to reply summed. */
  timings(): Map<string, { n: number; ms: number }>;
  reset(): void;
  stop(): Promise<void>;
}

const OP_MSG = 2013;

interface Command {
  name: string;
  shape: string;
}

const keysOf = (v: unknown) => (v && typeof v === 'object' ? `{${Object.keys(v).join(',')}}` : '');

/** The filter a command carries (find, count, delete and update carry it in different places). */
function filterShape(doc: Record<string, unknown>, name: string, sequences: Record<string, unknown>[]): string {
  if (name === 'find' || name === 'count' || name === 'distinct') return `${keysOf(doc.filter ?? doc.query)}${doc.sort ? ` sort ${keysOf(doc.sort)}` : ''}`;
  if (name === 'findAndModify') return `${keysOf(doc.query)}${doc.sort ? ` sort ${keysOf(doc.sort)}` : ''}`;
  if (name === 'update' || name === 'delete') {
    const stmts = (doc.updates ?? doc.deletes ?? sequences) as Record<string, unknown>[];
    return keysOf(stmts[0]?.q);
  }
  if (name === 'aggregate') return keysOf((doc.pipeline as Record<string, unknown>[] | undefined)?.[0]?.$match);
  return '';
}

function commandOf(message: Buffer): Command | undefined {
  if (message.readInt32LE(12) !== OP_MSG) return undefined;
  let at = 20; // header (16) + flagBits (4)
  let body: Record<string, unknown> | undefined;
  const sequences: Record<string, unknown>[] = [];
  while (at < message.length) {
    const kind = message[at]!;
    at += 1;
    const size = message.readInt32LE(at);
    if (kind === 0) {
      body = mongo.BSON.deserialize(message.subarray(at, at + size));
    } else if (sequences.length === 0) {
      // kind 1: a document sequence (updates, deletes, documents): its first document shows the shape
      const idEnd = message.indexOf(0, at + 4);
      const first = idEnd + 1;
      if (first + 4 <= at + size) sequences.push(mongo.BSON.deserialize(message.subarray(first, first + message.readInt32LE(first))));
    }
    at += size;
  }
  if (!body) return undefined;
  const [cmd] = Object.keys(body);
  if (!cmd) return undefined;
  const coll = body[cmd];
  const name = typeof coll === 'string' && cmd !== 'getMore' ? `${cmd} ${coll}` : cmd;
  return { name, shape: `${name} ${filterShape(body, cmd, sequences)}`.trim() };
}

export async function startMongoOpCounter(targetUri: string): Promise<MongoOpCounter> {
  const target = new URL(targetUri);
  const counts = new Map<string, number>();
  const timings = new Map<string, { n: number; ms: number }>();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 27017), target.hostname);
    sockets.add(client).add(upstream);
    const inFlight = new Map<number, { shape: string; at: number }>();
    let pending = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 16 && pending.length >= pending.readInt32LE(0)) {
        const size = pending.readInt32LE(0);
        const command = commandOf(pending.subarray(0, size));
        if (command) {
          counts.set(command.name, (counts.get(command.name) ?? 0) + 1);
          inFlight.set(pending.readInt32LE(4), { shape: command.shape, at: performance.now() });
        }
        pending = pending.subarray(size);
      }
      upstream.write(chunk);
    });
    let replies = Buffer.alloc(0);
    upstream.on('data', (chunk: Buffer) => {
      replies = Buffer.concat([replies, chunk]);
      while (replies.length >= 16 && replies.length >= replies.readInt32LE(0)) {
        const asked = inFlight.get(replies.readInt32LE(8));
        if (asked) {
          inFlight.delete(replies.readInt32LE(8));
          const t = timings.get(asked.shape) ?? { n: 0, ms: 0 };
          timings.set(asked.shape, { n: t.n + 1, ms: t.ms + (performance.now() - asked.at) });
        }
        replies = replies.subarray(replies.readInt32LE(0));
      }
      client.write(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const uri = new URL(targetUri);
  uri.port = String((server.address() as net.AddressInfo).port);
  return {
    uri: uri.toString(),
    counts: () => new Map(counts),
    timings: () => new Map(timings),
    reset: () => {
      counts.clear();
      timings.clear();
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
