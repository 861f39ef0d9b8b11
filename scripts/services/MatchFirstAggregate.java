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
 * the pipeline on what it finds: the same documents reach the same stages. Pipelines it does not take (no leading
 * $match, a change stream, $out or $merge, a match on $expr/$where/$text) go the server's own way, and so does one
 * whose match the query path refuses.
 */
final class MatchFirstAggregate {
    private static final Set<String> UNTAKEN_MATCH_KEYS = Set.of("$expr", "$where", "$text", "$jsonSchema", "$comment");
    private static final Set<String> UNTAKEN_STAGES = Set.of("$changeStream", "$out", "$merge");

    private MatchFirstAggregate() {
    }

    /** The command's answer, or null to let the server run the pipeline itself. */
    static Document answer(MongoDatabase database, MongoCollection<?> collection, String ns, Document command,
                           DatabaseResolver resolver, Oplog oplog) {
        if (collection == null) return null;
        List<Document> pipeline = Aggregation.parse(command.get("pipeline"));
        if (pipeline.isEmpty() || !(pipeline.get(0).get("$match") instanceof Document match) || pipeline.get(0).size() != 1) return null;
        if (match.keySet().stream().anyMatch(UNTAKEN_MATCH_KEYS::contains)) return null;
        if (pipeline.stream().anyMatch(stage -> stage.keySet().stream().anyMatch(UNTAKEN_STAGES::contains))) return null;
        Aggregation rest = Aggregation.fromPipeline(pipeline.subList(1, pipeline.size()), resolver, database, collection, oplog);
        rest.validate(command);
        List<Document> matched = new ArrayList<>();
        // Wrapped, so a field named "query" in the match is not taken for the wrapper.
        for (Document d : collection.handleQuery(new Document("query", match), 0, 0)) matched.add(d);
        List<Document> out = rest.runStages(matched.stream());
        Document cursor = new Document();
        cursor.put("id", 0L);
        cursor.put("ns", ns);
        cursor.put("firstBatch", out);
        Document response = new Document("cursor", cursor);
        Utils.markOkay(response);
        return response;
    }
}
