import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.util.ArrayList;
import java.util.Collection;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A real secondary index for mongo-java-server, which otherwise accepts every non-unique index and ignores it
 * (EmptyIndex), so that every query not pinned to a unique key scans the collection under its lock. This one keeps,
 * for the index's first key, which documents hold each string, boolean, ObjectId or date value, plus those holding an
 * array there (an array matches when any element does, so they are always candidates). It answers {key: v},
 * {key: {$eq: v}}, {key: {$in: [...]}} and, on dates, ranges ({key: {$gte: a, $lt: b}}) with the candidates, and the
 * server then applies the whole query, sort and limit to those documents as it does to a scan: the results are the
 * same, only fewer documents are read. Values of other types (numbers, subdocuments) are not kept, and a query on
 * them is not answered here.
 *
 * It never answers a query on its own (canHandle is false): the launcher's planner asks every such index how many
 * candidates it has and uses the narrowest. Two stores: on the heap for the in-memory server (HeapEqualityIndex),
 * and in an MVMap of the H2 file for the on-disk one (StoredEqualityIndex), so a big history does not fill
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

    /** A span of times, in milliseconds, from `from` (included) to `to` (excluded). */
    record Times(long from, long to) { }

    /** The bucket a document belongs to (a value, an Instant: the server decodes BSON dates so; or ARRAYS), or null. */
    final Object bucketOf(Document document) {
        Object value = document.get(field);
        return keyable(value) || value instanceof Instant ? value : value instanceof Collection ? ARRAYS : null;
    }

    /**
     * What a query's condition on the field allows: values, or one span of times; null when this index cannot
     * tell. Dates answer equality and $gt/$gte/$lt/$lte (a date only ever matches a date, or an array).
     */
    private List<Object> wanted(Document query) {
        if (!usable() || !query.containsKey(field)) return null;
        Object condition = query.get(field);
        if (keyable(condition)) return List.of(condition);
        if (condition instanceof Instant d) return List.of(new Times(d.toEpochMilli(), d.toEpochMilli() + 1));
        if (!(condition instanceof Document d) || d.isEmpty()) return null;
        if (d.size() == 1 && d.containsKey("$eq")) return wanted(new Document(field, d.get("$eq")));
        if (d.size() == 1 && d.get("$in") instanceof Collection<?> values && values.stream().allMatch(EqualityIndex::keyable)) {
            return new ArrayList<>(new LinkedHashSet<>(values));
        }
        Times span = span(d);
        return span == null ? null : List.of(span);
    }

    /** A condition of only $gt/$gte/$lt/$lte on dates as a span of times (empty when they cross); else null. */
    static Times span(Document ops) {
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        for (Map.Entry<String, Object> op : ops.entrySet()) {
            if (!(op.getValue() instanceof Instant at)) return null;
            long t = at.toEpochMilli();
            switch (op.getKey()) {
                case "$gte" -> from = Math.max(from, t);
                case "$gt" -> from = Math.max(from, t + 1);
                case "$lt" -> to = Math.min(to, t);
                case "$lte" -> to = Math.min(to, t + 1);
                default -> { return null; }
            }
        }
        return new Times(from, Math.max(from, to));
    }

    /** A secondary index and how many documents it would read for a query. */
    record Choice<P>(EqualityIndex<P> index, long candidates) { }

    /** Of these indexes (all but `except`), the secondary one that reads the fewest documents for a query; or null. */
    static <P> Choice<P> narrowest(List<Index<P>> indexes, Document query, Index<?> except) {
        Choice<P> best = null;
        for (Index<P> index : indexes) {
            if (index == except || !(index instanceof EqualityIndex<P> e)) continue;
            long n = e.candidates(query);
            if (n >= 0 && (best == null || n < best.candidates())) best = new Choice<>(e, n);
        }
        return best;
    }

    /** How many documents a bucket (a value, or ARRAYS) or a span of Times holds. */
    abstract long count(Object bucketOrTimes);

    abstract void collect(Object bucketOrTimes, Collection<P> out);

    abstract void put(Object bucket, Document document, P position);

    abstract void take(Object bucket, Document document);

    /** A count read from indexes alone, and their names. */
    record Counted(long n, String by) { }

    /** Whether the document at this position holds this value (not a span of times) here. */
    abstract boolean holds(Object value, P position);

    @SuppressWarnings("unchecked")
    private synchronized boolean holdsAny(List<Object> values, Object position) {
        for (Object v : values) if (holds(v, (P) position)) return true;
        return false;
    }

    @SuppressWarnings("unchecked")
    private synchronized Set<Object> collectAll(List<Object> values) {
        Set<Object> out = new HashSet<>();
        for (Object v : values) collect(v, (Collection<P>) out);
        return out;
    }

    /**
     * How many documents match a query, counted from these indexes alone, without reading a document; null unless
     * every condition is on a field whose index answers it exactly (no document holds an array there). One condition
     * is that index's count. Several: the narrowest condition's documents are read from its index and each is looked
     * up in the others', which must want values (a span of times can only drive), so the year-ago week's resolved
     * alerts are counted from the week's keys, not from the week's documents.
     */
    static Counted exactCount(List<? extends Index<?>> indexes, Document query) {
        if (query.isEmpty()) return null;
        List<EqualityIndex<?>> by = new ArrayList<>();
        List<List<Object>> wants = new ArrayList<>();
        for (String key : query.keySet()) {
            EqualityIndex<?> found = null;
            List<Object> want = null;
            for (Index<?> index : indexes) {
                if (!(index instanceof EqualityIndex<?> e) || !e.field.equals(key) || e.count(ARRAYS) > 0) continue;
                want = e.wanted(query);
                if (want != null) {
                    found = e;
                    break;
                }
            }
            if (found == null) return null;
            by.add(found);
            wants.add(want);
        }
        int driver = 0;
        long least = Long.MAX_VALUE;
        for (int i = 0; i < by.size(); i++) {
            long n = by.get(i).holding(wants.get(i)); // no arrays here, so exactly the candidates
            if (n < least) {
                least = n;
                driver = i;
            }
        }
        String names = by.stream().map(Index::getName).distinct().collect(Collectors.joining(" and "));
        if (by.size() == 1 || least == 0) return new Counted(least, names);
        for (int i = 0; i < by.size(); i++) {
            if (i != driver && wants.get(i).stream().anyMatch(w -> w instanceof Times)) return null;
        }
        long n = 0;
        next:
        for (Object position : by.get(driver).collectAll(wants.get(driver))) {
            for (int i = 0; i < by.size(); i++) {
                if (i != driver && !by.get(i).holdsAny(wants.get(i), position)) continue next;
            }
            n++;
        }
        return new Counted(n, names);
    }

    /** How many documents a query would read through this index, or -1 when it cannot answer it. */
    final synchronized long candidates(Document query) {
        List<Object> values = wanted(query);
        return values == null ? -1 : count(ARRAYS) + holding(values);
    }

    /** How many documents hold one of these values (or fall in a span of times) here. */
    private synchronized long holding(List<Object> values) {
        long n = 0;
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

    /** Documents whose value here is of a type not kept (a number, a subdocument): they sort among the dates' neighbours. */
    private long unkept;

    private boolean isUnkept(Document document, Object bucket) {
        return bucket == null && document.get(field) != null;
    }

    /**
     * The latest time T such that at least `wanted` documents hold a date here at or after T and before `before`
     * (milliseconds, excluded), or null when fewer do, or when some hold an array or a value of another type (those
     * sort in ways a time bound cannot capture).
     */
    final synchronized Instant newestHolding(long wanted, long before) {
        if (!usable() || unkept > 0 || count(ARRAYS) > 0) return null;
        Long millis = timeHolding(wanted, before);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    abstract Long timeHolding(long wanted, long before);

    @Override
    public final synchronized void add(Document document, P position, MongoCollection<P> collection) {
        Object bucket = usable() ? bucketOf(document) : null;
        if (bucket != null) put(bucket, document, position);
        else if (isUnkept(document, bucket)) unkept++;
    }

    /** Null, as for a sparse index: the collection takes the position from its _id index. */
    @Override
    public final synchronized P remove(Document document) {
        Object bucket = usable() ? bucketOf(document) : null;
        if (bucket != null) take(bucket, document);
        else if (isUnkept(document, bucket)) unkept--;
        return null;
    }

    @Override
    public final synchronized void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> c) {
        if (!usable()) return;
        Object before = bucketOf(oldDocument);
        Object after = bucketOf(newDocument);
        if (isUnkept(oldDocument, before)) unkept--;
        if (isUnkept(newDocument, after)) unkept++;
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
