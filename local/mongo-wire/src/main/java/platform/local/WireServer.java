package platform.local;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Serves the MongoDB wire protocol on loopback, persisted in one H2 file.
 * Usage: WireServer <data-file> <port>. Prints "READY <port>" once it accepts connections.
 */
public final class WireServer {
  private WireServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: WireServer <data-file> <port>");
      System.exit(2);
    }
    Path file = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    Files.createDirectories(file.getParent());

    H2Backend backend = new H2Backend(file.toString());
    // Current MongoDB drivers refuse servers below wire version 8, so declare the newest version the server knows.
    backend.version(ServerVersion.MONGO_5_0);
    MongoServer server = new MongoServer(backend);
    server.bind("127.0.0.1", port);

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdown();
      backend.close();
      stopped.countDown();
    }, "wire-server-shutdown"));

    System.out.println("READY " + port);
    System.out.flush();
    stopped.await();
  }
}
