import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.util.Collection;
import java.time.Instant;
import java.util.List;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * The on-disk server's store for EqualityIndex: one MVMap in the H2 file, whose keys are "<bucket>\0<_id>" (a date's
 * bucket is its time as sortable text, so a span of times is a key range too) and whose
 * values are the documents' positions (their _id keys), so a bucket is a key range: counted with getKeyIndex (the B-tree keeps counts)
 * and read with a cursor. The heap holds only the store's page cache, however big the history.
 *
 * The map is emptied when the index is attached to its collection (when the file opens, or at createIndex) and rebuilt
 * from the collection's documents, so a file written by an older launcher, which did not keep it, cannot leave it stale.
 * The MVMap is named as mongo-java-server names its own index maps, so dropping the index, the collection or the
 * database removes it as it removes theirs.
 */
final class StoredEqualityIndex extends EqualityIndex<Object> {
    private final MVMap<String, Object> map;
    private boolean attached;

    StoredEqualityIndex(String name, List<IndexKey> keys, MVMap<String, Object> map) {
        super(name, keys);
        this.map = map;
    }

    /**
     * mongo-java-server asks this only when it attaches a new index to its collection, and builds the index from
     * every document when the answer is yes. So the map is emptied here, once, and not in the constructor: a
     * createIndex for an index that already exists (mongoose sends one for each at every start) constructs an
     * index that is then thrown away, and it opens the same MVMap as the live one.
     */
    @Override
    public synchronized boolean isEmpty() {
        if (attached) return getCount() == 0;
        attached = true;
        map.clear();
        return true;
    }

    private static String encode(Object value) {
        if (value == ARRAYS) return "a";
        if (value instanceof String s) return "s" + s;
        if (value instanceof Boolean b) return b ? "b1" : "b0";
        if (value instanceof ObjectId o) return "o" + o.getHexData();
        if (value instanceof Instant d) return time(d.toEpochMilli());
        return value.getClass().getSimpleName() + ":" + value;
    }

    /** A time as text that sorts as the time does: the sign bit flipped, as 20 unsigned digits. */
    private static String time(long millis) {
        String digits = Long.toUnsignedString(millis ^ Long.MIN_VALUE);
        return "d" + "0".repeat(20 - digits.length()) + digits;
    }

    /** The first key of a bucket's range, or of a span of times. */
    private static String from(Object bucket) {
        return bucket instanceof Times t ? time(t.from()) : encode(bucket) + '\u0000';
    }

    /** The key just past a bucket's range (\u0001 in place of \u0000), or past a span of times. */
    private static String to(Object bucket) {
        return bucket instanceof Times t ? time(t.to()) : encode(bucket) + '\u0001';
    }

    private static String keyOf(Object bucket, Document document) {
        return keyAt(bucket, document.get("_id"));
    }

    /** A position is the document's _id (the H2 backend keys its documents so). */
    private static String keyAt(Object bucket, Object position) {
        return encode(bucket) + '\u0000' + encode(position);
    }

    @Override
    boolean holds(Object value, Object position) {
        return map.containsKey(keyAt(value, position));
    }

    /** Where a key is or would go in the map. */
    private long place(String key) {
        long i = map.getKeyIndex(key);
        return i >= 0 ? i : -i - 1;
    }

    @Override
    long count(Object bucket) {
        return place(to(bucket)) - place(from(bucket));
    }

    /** A position as the map keeps it: an ObjectId as its 12 bytes and a string as itself, both stored natively. */
    private static Object pack(Object position) {
        return position instanceof ObjectId o ? o.toByteArray() : position;
    }

    private static Object unpack(Object stored) {
        return stored instanceof byte[] bytes ? new ObjectId(bytes) : stored;
    }

    @Override
    void collect(Object bucket, Collection<Object> out) {
        String end = to(bucket);
        Cursor<String, Object> c = map.cursor(from(bucket), end, false);
        while (c.hasNext()) {
            String key = c.next();
            if (key.compareTo(end) >= 0) break;
            out.add(unpack(c.getValue()));
        }
    }

    @Override
    void put(Object bucket, Document document, Object position) {
        map.put(keyOf(bucket, document), pack(position));
    }

    @Override
    void take(Object bucket, Document document) {
        map.remove(keyOf(bucket, document));
    }

    @Override
    Long timeHolding(long wanted, long before) {
        long first = place(time(Long.MIN_VALUE));
        long end = place(time(before));
        if (end - first < wanted) return null;
        String key = map.getKey(end - wanted);
        return Long.parseUnsignedLong(key.substring(1, 21)) ^ Long.MIN_VALUE;
    }

    @Override
    public synchronized long getCount() {
        return map.sizeAsLong();
    }

    /** The map itself goes with mongo-java-server's own index maps (H2Database.dropIndex removes it by name). */
    @Override
    public synchronized void drop() {
    }
}
