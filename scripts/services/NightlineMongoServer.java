import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVStore;

/**
 * Starts mongo-java-server on a chosen loopback address.
 * Usage: NightlineMongoServer HOST PORT [H2_FILE]
 * With H2_FILE the data survives restarts; without it everything lives in memory.
 */
public final class NightlineMongoServer {
    /**
     * The Node driver (mongodb 7) refuses servers below wire version 9 (MongoDB 4.4), and the
     * library's newest built-in ServerVersion (MONGO_5_0) reports wire version 8. Claim 4.4, the
     * lowest the driver accepts, so it does not switch on newer protocol features.
     */
    private static final MongoVersion MONGO_4_4 = new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(4, 4, 0);
        }

        @Override
        public int getWireVersion() {
            return 9;
        }
    };

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: NightlineMongoServer HOST PORT [H2_FILE]");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        AbstractMongoBackend backend = args.length == 3 ? new LookupH2Backend(args[2]) : new LookupMemoryBackend();
        MongoBackend versioned = backend.version(MONGO_4_4);
        MongoServer server = new MongoServer(versioned);
        server.bind(host, port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // shutdown() closes the backend, which flushes the H2 file.
            server.shutdown();
        }));
        System.out.println("nightline-mongo listening on " + host + ":" + port
                + (args.length == 3 ? " (h2 file " + args[2] + ")" : " (in-memory)"));
        System.out.flush();
        Thread.currentThread().join();
    }

    /**
     * mongo-java-server uses a unique index only when a query names exactly that index's keys, so the guarded
     * single-document updates Nightline makes everywhere ({_id: X, status: ...}, {openKey: K, ...}) scanned the
     * whole collection, and got slower as history grew. This "index" holds nothing: it answers such a query with
     * the positions a unique single-key index gives for the query's plain equality on that key, and the server
     * then applies the whole query to those documents as it always does. Same results, no scan.
     */
    static final String LOOKUP = "nightline_equality_lookup";

    /** A collection is dropped only once its index list is empty: ours is in no system.indexes entry, so it goes first. */
    static <P> void dropLookup(MongoCollection<P> c) {
        if (c != null && c.getIndexes().stream().anyMatch(i -> i.getName().equals(LOOKUP))) c.dropIndex(LOOKUP);
    }

    static final class EqualityLookup<P> extends Index<P> {
        private final MongoCollection<P> collection;

        EqualityLookup(MongoCollection<P> collection) {
            super(LOOKUP, List.of(new IndexKey("_nightline_none", true)), true);
            this.collection = collection;
        }

        private Object[] pick(Document query) {
            if (query.size() < 2) return null; // one key: the real index (or a scan) as before
            for (Index<P> index : collection.getIndexes()) {
                if (index == this || !index.isUnique() || index.getKeys().size() != 1) continue;
                String key = index.getKeys().get(0).getKey();
                Object value = query.get(key);
                if (value == null || value instanceof Document || value instanceof Map || value instanceof Collection
                        || BsonRegularExpression.isRegularExpression(value)) continue;
                Document sub = new Document(key, value);
                if (index.canHandle(sub)) return new Object[] {index, sub};
            }
            return null;
        }

        @Override public boolean canHandle(Document query) { return pick(query) != null; }

        @Override
        @SuppressWarnings("unchecked")
        public Iterable<P> getPositions(Document query) {
            Object[] p = pick(query);
            return ((Index<P>) p[0]).getPositions((Document) p[1]);
        }

        @Override public P getPosition(Document document) { return null; }
        @Override public void checkAdd(Document document, MongoCollection<P> c) { }
        @Override public void add(Document document, P position, MongoCollection<P> c) { }
        @Override public P remove(Document document) { return null; }
        @Override public long getCount() { return 0; }
        @Override public boolean isEmpty() { return false; } // nothing to build when it is added
        @Override public long getDataSize() { return 0; }
        @Override public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> c) { }
        @Override public void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> c) { }
        @Override public void drop() { }
    }

    static final class LookupMemoryBackend extends MemoryBackend {
        @Override
        public MemoryDatabase openOrCreateDatabase(String name) {
            return new MemoryDatabase(name, getCursorRegistry()) {
                @Override
                protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
                    MemoryCollection c = super.openOrCreateCollection(collectionName, options);
                    c.addIndex(new EqualityLookup<>(c));
                    return c;
                }

                @Override
                public void dropCollection(String collectionName, Oplog oplog) {
                    dropLookup(resolveCollection(collectionName, false));
                    super.dropCollection(collectionName, oplog);
                }
            };
        }
    }

    static final class LookupH2Backend extends H2Backend {
        LookupH2Backend(String file) {
            super(file);
        }

        @Override
        protected MongoDatabase openOrCreateDatabase(String name) {
            return new LookupH2Database(name, getMvStore(), getCursorRegistry());
        }
    }

    static final class LookupH2Database extends H2Database {
        LookupH2Database(String name, MVStore store, CursorRegistry cursors) {
            super(name, store, cursors);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            MongoCollection<Object> c = super.openOrCreateCollection(collectionName, options);
            c.addIndex(new EqualityLookup<>(c));
            return c;
        }

        @Override
        public void dropCollection(String collectionName, Oplog oplog) {
            dropLookup(resolveCollection(collectionName, false));
            super.dropCollection(collectionName, oplog);
        }
    }
}
