import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.List;

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
        AbstractMongoBackend backend = args.length == 3 ? new H2Backend(args[2]) : new MemoryBackend();
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
}
