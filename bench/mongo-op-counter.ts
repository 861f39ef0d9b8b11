import net from 'node:net';
import { mongo } from 'mongoose';

/**
 * A loopback TCP proxy in front of a Mongo-wire server that counts the commands passing through it, by
 * command and collection (`update alerts`). Counts are exact where CPU figures on a shared machine are noisy,
 * so a cut in Mongo round trips per alert shows plainly.
 */
export interface MongoOpCounter {
  uri: string;
  counts(): Map<string, number>;
  reset(): void;
  stop(): Promise<void>;
}

const OP_MSG = 2013;

function commandOf(message: Buffer): string | undefined {
  if (message.readInt32LE(12) !== OP_MSG) return undefined;
  let at = 20; // header (16) + flagBits (4)
  while (at < message.length) {
    const kind = message[at]!;
    at += 1;
    if (kind === 0) {
      const size = message.readInt32LE(at);
      const doc = mongo.BSON.deserialize(message.subarray(at, at + size));
      const [name] = Object.keys(doc);
      if (!name) return undefined;
      const coll = doc[name];
      return typeof coll === 'string' && name !== 'getMore' ? `${name} ${coll}` : name;
    }
    at += message.readInt32LE(at); // kind 1: a document sequence, skipped
  }
  return undefined;
}

export async function startMongoOpCounter(targetUri: string): Promise<MongoOpCounter> {
  const target = new URL(targetUri);
  const counts = new Map<string, number>();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 27017), target.hostname);
    sockets.add(client).add(upstream);
    let pending = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 16 && pending.length >= pending.readInt32LE(0)) {
        const size = pending.readInt32LE(0);
        const name = commandOf(pending.subarray(0, size));
        if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
        pending = pending.subarray(size);
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
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
    reset: () => counts.clear(),
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
