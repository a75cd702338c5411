package platform.local;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mongo-java-server's H2 backend made write-through: every command that writes runs alone (one global write lock)
 * and commits the MVStore to its file before the reply is sent, so an acknowledged write survives a crash of the
 * process. The MVStore's own background commit is off: a commit never sees a write half done.
 *
 * <p>Its databases keep a query planner and in-memory secondary indexes ({@link IndexedH2Database}).
 */
final class DurableH2Backend extends H2Backend {

  private static final Logger log = LoggerFactory.getLogger(DurableH2Backend.class);

  /** Commands that change data or metadata; they run under the write lock and are committed before the reply. */
  private static final Set<String> WRITES = Set.of(
      "insert", "update", "delete", "findandmodify", "create", "createindexes", "drop", "dropdatabase",
      "dropindexes", "renamecollection");

  private static final int TARGET_FILL_RATE = 50;
  private static final int COMPACT_WRITE_BYTES = 8 * 1024 * 1024;

  private final ReentrantLock writeLock = new ReentrantLock();
  private final boolean fsync;
  private final ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "store-maintenance");
    t.setDaemon(true);
    return t;
  });

  DurableH2Backend(MVStore store, boolean fsync) {
    super(store);
    this.fsync = fsync;
    // Rewrites chunks that are mostly dead (every commit writes a small chunk), so the file does not keep growing.
    maintenance.scheduleWithFixedDelay(this::compact, 1, 1, TimeUnit.SECONDS);
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    return new IndexedH2Database(databaseName, getMvStore(), getCursorRegistry());
  }

  @Override
  public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
    if (WRITES.contains(command.toLowerCase(Locale.ROOT)) || writesOutput(command, query)) {
      writeLock.lock();
      try {
        Document response;
        try {
          response = super.handleCommand(channel, databaseName, command, query);
        } catch (RuntimeException e) {
          persist(); // a batch may have applied part of its writes before failing: keep what the server now serves
          throw e;
        }
        // The reply is encoded after the lock is released: give findAndModify a copy, not the live document.
        if (response != null && response.get("value") instanceof Document value) {
          response.put("value", value.cloneDeeply());
        }
        persist();
        return response;
      } finally {
        writeLock.unlock();
      }
    }
    Document response = super.handleCommand(channel, databaseName, command, query);
    if (getMvStore().hasUnsavedChanges()) {
      writeLock.lock();
      try {
        persist();
      } finally {
        writeLock.unlock();
      }
    }
    return response;
  }

  /** An aggregation with $out or $merge writes. */
  private static boolean writesOutput(String command, Document query) {
    if (!command.equalsIgnoreCase("aggregate") || !(query.get("pipeline") instanceof List<?> pipeline)) return false;
    return pipeline.stream().anyMatch(stage -> stage instanceof Document d && (d.containsKey("$out") || d.containsKey("$merge")));
  }

  /** Writes every change to the file (and, with fsync, to the disk); throws if it cannot, so nothing is acknowledged. */
  private void persist() {
    MVStore store = getMvStore();
    if (!store.hasUnsavedChanges()) return;
    store.commit();
    if (fsync) store.sync();
  }

  /**
   * What the MVStore's background thread would do (it is off): each commit writes a small chunk, and the pages
   * that stay live in old chunks keep them from being reused, so rewrite the live pages of mostly dead chunks.
   */
  private void compact() {
    writeLock.lock();
    try {
      MVStore store = getMvStore();
      if (store.isClosed()) return;
      int fill = store.getFileStore().getChunksFillRate();
      if (fill < TARGET_FILL_RATE && store.compact(TARGET_FILL_RATE, COMPACT_WRITE_BYTES)) {
        persist();
        log.debug("rewrote chunks (fill rate {}% -> {}%, file {} bytes)", fill, store.getFileStore().getChunksFillRate(), store.getFileStore().size());
      }
    } catch (RuntimeException e) {
      log.warn("store compaction failed", e);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void close() {
    maintenance.shutdownNow();
    writeLock.lock();
    try {
      persist();
      super.close();
    } finally {
      writeLock.unlock();
    }
  }
}
