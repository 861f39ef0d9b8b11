import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A real secondary index for mongo-java-server, which otherwise accepts every non-unique index and ignores it
 * (EmptyIndex), so that every query not pinned to a unique key scans the collection under its lock. This one keeps,
 * for the index's first key, which documents hold each string, boolean or ObjectId value, plus those holding an
 * array there (an array matches when any element does, so they are always candidates). It answers {key: v},
 * {key: {$eq: v}} and {key: {$in: [...]}} with the candidates, and the server then applies the whole query, sort and
 * limit to those documents as it does to a scan: the results are the same, only fewer documents are read. Values of
 * other types (dates, numbers, subdocuments) are not kept, and a query on them is not answered here.
 *
 * It never answers a query on its own (canHandle is false): the launcher's planner asks every such index how many
 * candidates it has and uses the narrowest. Two stores: on the heap for the in-memory server (HeapEqualityIndex,
 * below), and in an MVMap of the H2 file for the on-disk one (StoredEqualityIndex), so a big history does not fill
 * the JVM's heap. Everything runs under the collection's lock, but the methods are synchronized regardless.
 */
abstract class EqualityIndex<P> extends Index<P> {
    /** The bucket of documents that hold an array in the field. */
    static final Object ARRAYS = new Object();

    protected final String field;

    EqualityIndex(String name, List<IndexKey> keys) {
        super(name, keys, true);
        this.field = keys.get(0).getKey();
    }

    /** A dotted first key (an embedded field) is left to the scan. */
    final boolean usable() {
        return !field.contains(".");
    }

    static boolean keyable(Object value) {
        return value instanceof String || value instanceof Boolean || value instanceof ObjectId;
    }

    /** The bucket a document belongs to, or null when it is not kept. */
    final Object bucketOf(Document document) {
        Object value = document.get(field);
        return keyable(value) ? value : value instanceof Collection ? ARRAYS : null;
    }

    /** The values a query's condition on the field allows, or null when this index cannot tell. */
    private List<Object> wanted(Document query) {
        if (!usable() || !query.containsKey(field)) return null;
        Object condition = query.get(field);
        if (keyable(condition)) return List.of(condition);
        if (!(condition instanceof Document d) || d.size() != 1) return null;
        if (d.containsKey("$eq")) return keyable(d.get("$eq")) ? List.of(d.get("$eq")) : null;
        if (d.get("$in") instanceof Collection<?> values && values.stream().allMatch(EqualityIndex::keyable)) {
            return new ArrayList<>(new LinkedHashSet<>(values));
        }
        return null;
    }

    abstract long count(Object bucket);

    abstract void collect(Object bucket, Collection<P> out);

    abstract void put(Object bucket, Document document, P position);

    abstract void take(Object bucket, Document document);

    /** How many documents a query would read through this index, or -1 when it cannot answer it. */
    final synchronized long candidates(Document query) {
        List<Object> values = wanted(query);
        if (values == null) return -1;
        long n = count(ARRAYS);
        for (Object v : values) n += count(v);
        return n;
    }

    /**
     * The candidates in the order a scan would meet them where that order is the positions' own (the in-memory
     * backend's list slots; the H2 file's _id keys), so a query without a sort answers in the same order as before.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    final synchronized Iterable<P> positions(Document query) {
        Set<P> out = new HashSet<>();
        collect(ARRAYS, out);
        for (Object v : wanted(query)) collect(v, out);
        List<P> ordered = new ArrayList<>(out);
        try {
            ordered.sort((a, b) -> ((Comparable) a).compareTo(b));
        } catch (ClassCastException notComparable) {
            // Mixed or incomparable positions: any order is a valid answer to a query without a sort.
        }
        return ordered;
    }

    @Override
    public final synchronized void add(Document document, P position, MongoCollection<P> collection) {
        Object bucket = usable() ? bucketOf(document) : null;
        if (bucket != null) put(bucket, document, position);
    }

    /** Null, as for a sparse index: the collection takes the position from its _id index. */
    @Override
    public final synchronized P remove(Document document) {
        Object bucket = usable() ? bucketOf(document) : null;
        if (bucket != null) take(bucket, document);
        return null;
    }

    @Override
    public final synchronized void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> c) {
        if (!usable()) return;
        Object before = bucketOf(oldDocument);
        Object after = bucketOf(newDocument);
        if (before != null && before.equals(after)) return;
        if (before != null) take(before, oldDocument);
        if (after != null) put(after, newDocument, position);
    }

    @Override public final boolean canHandle(Document query) { return false; }
    @Override public final Iterable<P> getPositions(Document query) { return positions(query); }
    @Override public final P getPosition(Document document) { return null; }
    @Override public final void checkAdd(Document document, MongoCollection<P> c) { }
    @Override public final void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> c) { }
    @Override public final long getDataSize() { return 0; }
}

/** The in-memory server's store: buckets of positions, and each kept document's position by _id for removal. */
final class HeapEqualityIndex<P> extends EqualityIndex<P> {
    private final Map<Object, Set<P>> byBucket = new HashMap<>();
    private final Map<Object, P> positionById = new HashMap<>();

    HeapEqualityIndex(String name, List<IndexKey> keys) {
        super(name, keys);
    }

    @Override
    long count(Object bucket) {
        return byBucket.getOrDefault(bucket, Set.of()).size();
    }

    @Override
    void collect(Object bucket, Collection<P> out) {
        out.addAll(byBucket.getOrDefault(bucket, Set.of()));
    }

    @Override
    void put(Object bucket, Document document, P position) {
        byBucket.computeIfAbsent(bucket, k -> new HashSet<>()).add(position);
        positionById.put(document.get("_id"), position);
    }

    @Override
    void take(Object bucket, Document document) {
        P position = positionById.remove(document.get("_id"));
        Set<P> positions = byBucket.get(bucket);
        if (position != null && positions != null && positions.remove(position) && positions.isEmpty()) byBucket.remove(bucket);
    }

    @Override
    public synchronized long getCount() {
        return positionById.size();
    }

    @Override
    public synchronized void drop() {
        byBucket.clear();
        positionById.clear();
    }
}
