import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.mvstore.MVMap;

/**
 * The on-disk server's unique index (the _id one of every collection, and each unique index Nightline declares):
 * the same MVMap as mongo-java-server's H2UniqueIndex, in the same file under the same name, with the positions of
 * recently used keys kept on the heap.
 *
 * H2 stores an index key (a KeyValue, which is not Comparable) in Java's serialized form and orders the map by those
 * bytes, so every comparison in a B-tree lookup serialised both keys again: about 30 serialisations to find one
 * document by _id, a fifth of the server's sampled Java time under paging load (JFR). A key found or written once is answered from
 * here until it is removed. Only keys whose values are equal exactly when their serialized bytes are (strings,
 * ObjectIds, numbers, booleans, times) are kept, so a hit answers what the map would; a miss, and so every
 * duplicate-key check of an insert, still asks the map. Every change goes to the map first, so the file is
 * unchanged and a restart starts with an empty cache. At most MAX_CACHED keys per index: when full it starts again.
 */
final class CachedUniqueIndex extends AbstractUniqueIndex<Object> {
    static final int MAX_CACHED = 4096;

    private final MVMap<KeyValue, Object> map;
    private final Map<KeyValue, Object> cached = new ConcurrentHashMap<>();

    CachedUniqueIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.map = map;
    }

    private static boolean plain(KeyValue key) {
        for (Object v : key) {
            if (!(v instanceof String || v instanceof ObjectId || v instanceof Integer || v instanceof Long
                    || v instanceof Double || v instanceof Boolean || v instanceof Instant)) return false;
        }
        return true;
    }

    private void keep(KeyValue key, Object position) {
        if (!plain(key)) return;
        if (cached.size() >= MAX_CACHED) cached.clear();
        cached.put(key, position);
    }

    @Override
    protected synchronized Object getPosition(KeyValue key) {
        Object hit = cached.get(key);
        if (hit != null) return hit;
        Object position = map.get(key);
        if (position != null) keep(key, position);
        return position;
    }

    @Override
    protected synchronized boolean putKeyPosition(KeyValue key, Object position) {
        Object stored = Missing.ofNullable(position);
        boolean added = map.putIfAbsent(key, stored) == null;
        if (added) keep(key, stored);
        return added;
    }

    @Override
    protected synchronized Object removeDocument(KeyValue key) {
        cached.remove(key);
        return map.remove(key);
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
        return map.entrySet();
    }

    @Override
    public long getCount() {
        return map.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }
}
