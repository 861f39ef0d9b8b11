import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * "The newest N" on mongo-java-server: a find sorted newest first with a limit reads and sorts every document that
 * matches, because the server takes no order from an index. When the sort's first key is a date field that one of
 * the launcher's indexes keeps, and every document holds a date there (or nothing), the answer is the same if the
 * query only looks at documents at or after a time T that at least skip+limit of the wanted documents reach: any
 * document before T sorts after all of those. So the find is run with that bound added, starting with the newest
 * 4 x (skip + limit) documents (within the filter's own range on the field), or more when another index shows the
 * filter keeps only a share of them; when fewer than `limit` come back, the window grows eight times, and finally
 * the bound is dropped. Sorts on other keys, finds without a positive limit or with a smaller
 * batch, and documents with arrays or other types in the field go the server's own way.
 */
final class NewestFirst {
    private static final Set<String> UNTAKEN_OPTIONS = Set.of("hint", "min", "max", "tailable", "awaitData", "returnKey", "showRecordId");

    private NewestFirst() {
    }

    /** Answers the find through bounded runs of `run`, or returns null to let the caller run it as it came. */
    static Document answer(MongoCollection<?> collection, Document find, UnaryOperator<Document> run) {
        if (collection == null || !(find.get("sort") instanceof Document sort) || sort.isEmpty()) return null;
        if (find.keySet().stream().anyMatch(UNTAKEN_OPTIONS::contains)) return null;
        Map.Entry<String, Object> first = sort.entrySet().iterator().next();
        if (!(first.getValue() instanceof Number order) || order.intValue() != -1) return null;
        String field = first.getKey();
        long limit = find.get("limit") instanceof Number n ? n.longValue() : 0;
        long skip = find.get("skip") instanceof Number n ? n.longValue() : 0;
        long batch = find.get("batchSize") instanceof Number n ? n.longValue() : Long.MAX_VALUE;
        if (limit <= 0 || skip < 0 || batch < limit) return null;
        Document filter = find.get("filter") instanceof Document f ? f : new Document();
        Document range = rangeOn(filter, field);
        EqualityIndex.Times span = range == null ? null : EqualityIndex.span(range);
        if (span == null) return null;
        EqualityIndex<?> index = dateIndexOn(collection, field);
        if (index == null) return null;
        long window = firstWindow(collection, index, filter, skip + limit);
        if (window < 0) return null;
        for (long wanted = window; ; wanted *= 8) {
            Instant from = index.newestHolding(wanted, span.to());
            if (from == null) return null;
            Document bounded = new Document(range);
            Object lower = bounded.get("$gte");
            if (!(lower instanceof Instant l) || l.isBefore(from)) bounded.put("$gte", from);
            Document boundedFilter = new Document(filter);
            boundedFilter.put(field, bounded);
            Document command = new Document(find);
            command.put("filter", boundedFilter);
            Document answer = run.apply(command);
            if (answer.get("cursor") instanceof Document cursor && cursor.get("firstBatch") instanceof List<?> batchDocs
                    && batchDocs.size() >= limit) {
                return answer;
            }
        }
    }

    /**
     * How many of the newest documents to try first: 4 x what the page needs, or more when another index says the
     * filter keeps only a share of them (twice the page over that share); -1 when that index finds none at all, and
     * the plain query, served by it, is quicker.
     */
    private static long firstWindow(MongoCollection<?> collection, EqualityIndex<?> dateIndex, Document filter, long needed) {
        EqualityIndex.Choice<?> other = EqualityIndex.narrowest(collection.getIndexes(), filter, dateIndex);
        long fewest = other == null ? -1 : other.candidates();
        long all = collection.count();
        if (fewest == 0) return -1;
        if (fewest < 0 || all == 0) return 4 * needed;
        return Math.max(4 * needed, (long) Math.ceil(2.0 * needed * all / fewest));
    }

    /**
     * The filter's condition on the field (empty when it has none), or null when it is not a document of operators;
     * EqualityIndex.span then says whether it is a range of dates.
     */
    private static Document rangeOn(Document filter, String field) {
        Object condition = filter.get(field);
        if (condition == null) return filter.containsKey(field) ? null : new Document();
        return condition instanceof Document d && !d.isEmpty() ? d : null;
    }

    private static EqualityIndex<?> dateIndexOn(MongoCollection<?> collection, String field) {
        for (Index<?> index : collection.getIndexes()) {
            if (index instanceof EqualityIndex<?> e && e.getKeys().get(0).getKey().equals(field)) return e;
        }
        return null;
    }
}
