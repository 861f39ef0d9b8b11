import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The in-memory server's store: buckets of positions, and each kept document's position by _id for removal. */
final class HeapEqualityIndex<P> extends EqualityIndex<P> {
    private final Map<Object, Set<P>> byBucket = new HashMap<>();
    private final TreeMap<Long, Set<P>> byTime = new TreeMap<>();
    private final Map<Object, P> positionById = new HashMap<>();

    HeapEqualityIndex(String name, List<IndexKey> keys) {
        super(name, keys);
    }

    private Collection<Set<P>> sets(Object bucketOrTimes) {
        if (bucketOrTimes instanceof Times t) return byTime.subMap(t.from(), true, t.to(), false).values();
        Set<P> one = bucketOrTimes instanceof Instant d ? byTime.get(d.toEpochMilli()) : byBucket.get(bucketOrTimes);
        return one == null ? List.of() : List.of(one);
    }

    @Override
    long count(Object bucketOrTimes) {
        long n = 0;
        for (Set<P> set : sets(bucketOrTimes)) n += set.size();
        return n;
    }

    @Override
    void collect(Object bucketOrTimes, Collection<P> out) {
        for (Set<P> set : sets(bucketOrTimes)) out.addAll(set);
    }

    @Override
    boolean holds(Object value, P position) {
        Set<P> set = value instanceof Instant d ? byTime.get(d.toEpochMilli()) : byBucket.get(value);
        return set != null && set.contains(position);
    }

    @Override
    void put(Object bucket, Document document, P position) {
        Set<P> set = bucket instanceof Instant d ? byTime.computeIfAbsent(d.toEpochMilli(), k -> new HashSet<>())
                : byBucket.computeIfAbsent(bucket, k -> new HashSet<>());
        set.add(position);
        positionById.put(document.get("_id"), position);
    }

    @Override
    void take(Object bucket, Document document) {
        P position = positionById.remove(document.get("_id"));
        if (position == null) return;
        if (bucket instanceof Instant d) {
            Set<P> set = byTime.get(d.toEpochMilli());
            if (set != null && set.remove(position) && set.isEmpty()) byTime.remove(d.toEpochMilli());
        } else {
            Set<P> set = byBucket.get(bucket);
            if (set != null && set.remove(position) && set.isEmpty()) byBucket.remove(bucket);
        }
    }

    @Override
    Long timeHolding(long wanted, long before) {
        long n = 0;
        for (Map.Entry<Long, Set<P>> e : byTime.headMap(before, false).descendingMap().entrySet()) {
            n += e.getValue().size();
            if (n >= wanted) return e.getKey();
        }
        return null;
    }

    @Override
    public synchronized long getCount() {
        return positionById.size();
    }

    @Override
    public synchronized void drop() {
        byBucket.clear();
        byTime.clear();
        positionById.clear();
    }
}
