import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * mongo-java-server feeds every document of a collection into an aggregation pipeline and applies a leading $match
 * as the pipeline's first stage, so no index ever serves an aggregate. The driver's countDocuments is one
 * ($match, then $group), so counting the alerts of one service read all of them. This answers an aggregate whose
 * first stage is a $match by running that match as a query (which the launcher's indexes can serve) and the rest of
 * the pipeline on what it finds: the same documents reach the same stages. A plain count of an empty match, or of conditions
 * that indexes answer exactly, is read from the collection's size or those indexes, without reading documents. Pipelines it does not take (no leading
 * $match, a change stream, $out or $merge, a match on $expr/$where/$text) go the server's own way, and so does one
 * whose match the query path refuses.
 */
final class MatchFirstAggregate {
    private static final Set<String> UNTAKEN_MATCH_KEYS = Set.of("$expr", "$where", "$text", "$jsonSchema", "$comment");
    private static final Set<String> UNTAKEN_STAGES = Set.of("$changeStream", "$out", "$merge");

    private MatchFirstAggregate() {
    }

    /**
     * The driver's countDocuments ($match, then {$group: {_id: <constant>, n: {$sum: 1}}}) answered without reading a
     * document, when the collection's size or the indexes give the count exactly; null otherwise.
     */
    private static List<Document> countOnly(MongoCollection<?> collection, Document match, List<Document> pipeline) {
        if (pipeline.size() != 2 || !(pipeline.get(1).get("$group") instanceof Document group) || group.size() != 2) return null;
        Object id = group.get("_id");
        if (!(id instanceof Number) && !(id instanceof Boolean)) return null; // a constant group key, not "$field"
        String name = group.keySet().stream().filter(k -> !k.equals("_id")).findFirst().orElseThrow();
        if (!(group.get(name) instanceof Document sum) || sum.size() != 1 || !(sum.get("$sum") instanceof Number one) || one.intValue() != 1) return null;
        long n;
        if (match.isEmpty()) {
            n = collection.count();
        } else {
            EqualityIndex.Counted counted = EqualityIndex.exactCount(collection.getIndexes(), match);
            if (counted == null) return null;
            NightlineMongoServer.served(collection, match, "counts of " + counted.by());
            n = counted.n();
        }
        if (n == 0) return List.of();
        Document result = new Document("_id", id);
        result.put(name, n <= Integer.MAX_VALUE ? (Object) Integer.valueOf((int) n) : (Object) Long.valueOf(n));
        return List.of(result);
    }

    /** The command's answer, or null to let the server run the pipeline itself. */
    static Document answer(MongoDatabase database, MongoCollection<?> collection, Document command, DatabaseResolver resolver,
                           Oplog oplog) {
        List<Document> pipeline = Aggregation.parse(command.get("pipeline"));
        if (pipeline.isEmpty() || !(pipeline.get(0).get("$match") instanceof Document match) || pipeline.get(0).size() != 1) return null;
        if (match.keySet().stream().anyMatch(UNTAKEN_MATCH_KEYS::contains)) return null;
        if (pipeline.stream().anyMatch(stage -> stage.keySet().stream().anyMatch(UNTAKEN_STAGES::contains))) return null;
        Aggregation rest = Aggregation.fromPipeline(pipeline.subList(1, pipeline.size()), resolver, database, collection, oplog);
        rest.validate(command);
        List<Document> out = countOnly(collection, match, pipeline);
        if (out == null) {
            List<Document> matched = new ArrayList<>();
            // Wrapped, so a field named "query" in the match is not taken for the wrapper.
            for (Document d : collection.handleQuery(new Document("query", match), 0, 0)) matched.add(d);
            out = rest.runStages(matched.stream());
        }
        Document cursor = new Document();
        cursor.put("id", 0L);
        cursor.put("ns", collection.getFullName());
        cursor.put("firstBatch", out);
        Document response = new Document("cursor", cursor);
        Utils.markOkay(response);
        return response;
    }
}
