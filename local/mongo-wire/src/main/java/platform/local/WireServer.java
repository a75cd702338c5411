package platform.local;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreTool;

/**
 * Serves the MongoDB wire protocol on loopback, persisted in one H2 MVStore file.
 * Usage: WireServer <data-file> <port>. Prints "READY <port>" once it accepts connections.
 *
 * <p>Every acknowledged write is in the file before its reply is sent (see {@link DurableH2Backend}), so it
 * survives a kill of this process. With STORE_FSYNC=1 each write is also forced to the disk (survives a crash of
 * the machine, at the cost of one fsync per write).
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
    boolean fsync = "1".equals(System.getenv("STORE_FSYNC"));

    long opening = System.nanoTime();
    // No background commit: the backend commits after each write, so no commit ever sees a write half done.
    int pageSplitSize = Integer.getInteger("store.pageSplitSize", 4096);
    int retentionMs = Integer.getInteger("store.retentionMs", 1000);
    // the page cache holds deserialised documents: with too small a cache every scan deserialises again
    int cacheMb = Integer.getInteger("store.cacheMb", 256);
    MVStore.Builder builder = new MVStore.Builder().fileName(file.toString()).pageSplitSize(pageSplitSize).cacheSize(cacheMb);
    if (!Boolean.getBoolean("store.background")) builder.autoCommitDisabled();
    MVStore store = shrinkIfMostlyDead(builder.open(), builder, file);
    store.setRetentionTime(retentionMs);
    DurableH2Backend backend = new DurableH2Backend(store, fsync);
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

    System.out.println("opened " + file + " in " + (System.nanoTime() - opening) / 1_000_000 + " ms (fsync " + (fsync ? "on" : "off")
        + ", planner " + (IndexedH2Collection.PLANNER ? "on" : "off") + ")");
    System.out.println("READY " + port);
    System.out.flush();
    stopped.await();
  }

  /**
   * Each acknowledged write is its own MVStore commit, and each commit writes a chunk; pages that stay live keep
   * old chunks from being reused, so under a stream of small writes the file grows a few times past its data
   * (the running server rewrites mostly dead chunks, which slows the growth). At start, before serving, a file
   * that is mostly dead space is copied into a compact one (MVStoreTool.compact: a new file, then a rename).
   */
  private static MVStore shrinkIfMostlyDead(MVStore store, MVStore.Builder builder, Path file) {
    long before = store.getFileStore().size();
    int live = store.getFileStore().getChunksFillRate();
    if (before < 64L * 1024 * 1024 || live >= 60) return store;
    long t = System.nanoTime();
    store.close();
    MVStoreTool.compact(file.toString(), false);
    MVStore reopened = builder.open();
    System.out.println("compacted the store file from " + before / 1024 / 1024 + " MB (" + live + "% live) to "
        + reopened.getFileStore().size() / 1024 / 1024 + " MB in " + (System.nanoTime() - t) / 1_000_000 + " ms");
    return reopened;
  }
}
