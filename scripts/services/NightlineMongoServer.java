import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.AbstractMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import io.netty.channel.Channel;
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
import java.util.function.UnaryOperator;
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
     * mongo-java-server uses a unique index only when a query names exactly that index's keys with plain values,
     * so the guarded single-document updates Nightline makes everywhere ({_id: X, status: ...}, {key: {$eq: K}},
     * {userId: {$eq: U}, alertId: {$eq: A}}) scanned the whole collection under its lock, and got slower as the
     * collection grew (10,000 open alerts: the server's scans were the bottleneck). This "index" holds nothing: it
     * answers a query that pins every key of some unique index to one value (plain or {$eq: v}) with the position
     * that index gives, and the server then applies the whole query to that document as it always does. Same
     * results, no scan. A query that pins no unique key goes to the narrowest of the collection's secondary indexes
     * (EqualityIndex.java) that can answer it. NIGHTLINE_MONGO_SCAN_LOG=<file> appends to that file, every 10 s
     * (NIGHTLINE_MONGO_SCAN_LOG_MS), the query shapes run on collections of more than 1,000 documents and what
     * served each: an index's name, or "scan" (a diagnostic for benchmarks).
     */
    static final String LOOKUP = "nightline_equality_lookup";

    /** A collection is dropped only once its index list is empty: ours is in no system.indexes entry, so it goes first. */
    static <P> void dropLookup(MongoCollection<P> c) {
        if (c != null && c.getIndexes().stream().anyMatch(i -> i.getName().equals(LOOKUP))) c.dropIndex(LOOKUP);
    }

    /** The one value a query's condition pins a key to: a plain value or {$eq: plain}; null for anything else. */
    static Object pinned(Object condition) {
        Object value = condition;
        if (condition instanceof Document d) {
            if (d.size() != 1 || !d.containsKey("$eq")) return null;
            value = d.get("$eq");
        }
        if (value == null || value instanceof Document || value instanceof Map || value instanceof Collection
                || BsonRegularExpression.isRegularExpression(value)) return null;
        return value;
    }

    static final String SCAN_LOG = System.getenv("NIGHTLINE_MONGO_SCAN_LOG");
    static final boolean LOG_SCANS = SCAN_LOG != null && !SCAN_LOG.isBlank();
    /** How often the log is written: NIGHTLINE_MONGO_SCAN_LOG_MS, 10 s by default. */
    static final long SCAN_LOG_MS = Long.parseLong(System.getenv().getOrDefault("NIGHTLINE_MONGO_SCAN_LOG_MS", "10000"));
    static final Map<String, Long> SCANS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Counts a query shape on a collection of more than 1,000 documents and what served it (an index, or "scan"). */
    static void served(MongoCollection<?> c, Document query, String by) {
        if (LOG_SCANS && c.count() > 1000) {
            SCANS.merge(c.getCollectionName() + " " + new java.util.TreeSet<>(query.keySet()) + " via " + by, 1L, Long::sum);
        }
    }

    static {
        if (LOG_SCANS) {
            Thread t = new Thread(() -> {
                for (;;) {
                    try { Thread.sleep(SCAN_LOG_MS); } catch (InterruptedException e) { return; }
                    if (SCANS.isEmpty()) continue;
                    StringBuilder b = new StringBuilder(java.time.Instant.now() + " queries in the last " + SCAN_LOG_MS + " ms:");
                    SCANS.forEach((k, n) -> b.append("\n  ").append(n).append(" x ").append(k));
                    SCANS.clear();
                    try {
                        java.nio.file.Files.writeString(java.nio.file.Path.of(SCAN_LOG), b.append('\n'),
                                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    } catch (java.io.IOException e) {
                        System.err.println("nightline-mongo: cannot write " + SCAN_LOG + ": " + e.getMessage());
                    }
                }
            }, "nightline-scan-log");
            t.setDaemon(true);
            t.start();
        }
    }

    static final class EqualityLookup<P> extends Index<P> {
        private final MongoCollection<P> collection;

        EqualityLookup(MongoCollection<P> collection) {
            super(LOOKUP, List.of(new IndexKey("_nightline_none", true)), true);
            this.collection = collection;
        }

        private Object[] pick(Document query) {
            for (Index<P> index : collection.getIndexes()) {
                if (index == this || !index.isUnique()) continue;
                Document sub = new Document();
                for (IndexKey k : index.getKeys()) {
                    Object value = query.containsKey(k.getKey()) ? pinned(query.get(k.getKey())) : null;
                    if (value == null) break;
                    sub.put(k.getKey(), value);
                }
                if (sub.size() == index.getKeys().size() && index.canHandle(sub)) return new Object[] {index, sub};
            }
            return null;
        }

        /**
         * The secondary index that reads the fewest documents for this query, if it reads at most half the
         * collection (beyond that, fetching documents one position at a time costs more than the scan).
         */
        private EqualityIndex<P> narrowest(Document query) {
            EqualityIndex.Choice<P> best = EqualityIndex.narrowest(collection.getIndexes(), query, this);
            return best != null && best.candidates() <= collection.count() / 2 ? best.index() : null;
        }

        /** What serves a query: a unique index with the values it pins ({index, sub-query}), or a secondary index. */
        private record Chosen<P>(Document query, Object[] unique, EqualityIndex<P> secondary) { }

        /**
         * canHandle's choice, which getPositions takes when it is asked about the same query object (it always is,
         * right after): choosing twice cost twice, and a second choice could differ if the collection changed in
         * between.
         */
        private volatile Chosen<P> chosen;

        private Chosen<P> choose(Document query) {
            Chosen<P> last = chosen;
            if (last != null && last.query() == query) return last;
            Object[] unique = pick(query);
            return new Chosen<>(query, unique, unique == null ? narrowest(query) : null);
        }

        /** Checked after the collection's own indexes at creation (the _id one): by here none of those took it. */
        @Override
        public boolean canHandle(Document query) {
            Chosen<P> c = choose(query);
            chosen = c;
            boolean can = c.unique() != null || c.secondary() != null;
            if (!can && LOG_SCANS) {
                // The _id index may come after this one in the list, and take the query next.
                String by = collection.getIndexes().stream().filter(i -> i != this && !(i instanceof EqualityIndex) && i.canHandle(query))
                        .map(Index::getName).findFirst().orElse("scan");
                served(collection, query, by);
            }
            return can;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Iterable<P> getPositions(Document query) {
            Chosen<P> c = choose(query);
            if (c.unique() != null) {
                Index<P> unique = (Index<P>) c.unique()[0];
                served(collection, query, unique.getName());
                return unique.getPositions((Document) c.unique()[1]);
            }
            served(collection, query, c.secondary().getName());
            return c.secondary().positions(query);
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

    /**
     * A find or aggregate the launcher answers its own way (NewestFirst, MatchFirstAggregate), else the server's. Any
     * failure on the aggregate path lets the server run the pipeline, which answers or fails as it always did.
     */
    static Document routed(AbstractMongoDatabase<?> db, String command, Document query, DatabaseResolver resolver, Oplog oplog,
                           UnaryOperator<Document> server) {
        boolean find = command.equalsIgnoreCase("find");
        boolean ours = find || command.equalsIgnoreCase("aggregate");
        MongoCollection<?> c = ours && query.get(command) instanceof String name ? db.resolveCollection(name, false) : null;
        Document answer = null;
        if (c != null && find) {
            answer = NewestFirst.answer(c, query, server);
        } else if (c != null) {
            try {
                answer = MatchFirstAggregate.answer(db, c, query, resolver, oplog);
            } catch (RuntimeException e) {
                answer = null;
            }
        }
        return answer != null ? answer : server.apply(query);
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

                @Override
                public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver, Oplog oplog) {
                    return routed(this, command, query, resolver, oplog, q -> super.handleCommand(channel, command, q, resolver, oplog));
                }

                @Override
                protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
                    return new HeapEqualityIndex<>(indexName, keys);
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
        /**
         * The file's store. H2Database opens its collections and indexes inside its constructor, before a subclass
         * field could be set, and the launcher opens one file, so the store is kept here.
         */
        private static volatile MVStore store;

        LookupH2Database(String name, MVStore store, CursorRegistry cursors) {
            super(name, remember(store), cursors);
        }

        private static MVStore remember(MVStore s) {
            store = s;
            return s;
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

        @Override
        public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver, Oplog oplog) {
            return routed(this, command, query, resolver, oplog, q -> super.handleCommand(channel, command, q, resolver, oplog));
        }

        /** H2Database's own index over the same map, with recently used keys on the heap (CachedUniqueIndex.java). */
        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            return new CachedUniqueIndex(store.openMap(indexMapName(collectionName, indexName)), indexName, keys, sparse);
        }

        /** How H2Database names an index's map, so its dropIndex and drop remove ours as they remove theirs. */
        private String indexMapName(String collectionName, String indexName) {
            return getFullCollectionNamespace(collectionName) + "._index_" + indexName;
        }

        @Override
        protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            return new StoredEqualityIndex(indexName, keys, store.openMap(indexMapName(collectionName, indexName)));
        }
    }
}
