package platform.local;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * An H2 database whose collections plan queries over their indexes ({@link IndexedH2Collection}) and whose
 * non-unique indexes exist ({@link SecondaryIndex}: in memory, rebuilt from the documents when the store opens).
 * Unique indexes stay mongo-java-server's own, persisted in the MVStore.
 */
final class IndexedH2Database extends H2Database {

  // The same map names as H2Database (mongo-java-server 1.47), so existing files open unchanged.
  private static final String DATA_PREFIX = "databases.";
  private static final String META_PREFIX = "meta.";

  /** H2Database opens its collections from its constructor, before a field of this class could be set. */
  private static volatile MVStore store;

  /** The collections opened by the constructor of the database being opened on this thread. */
  private static final ThreadLocal<List<IndexedH2Collection>> OPENING = new ThreadLocal<>();

  IndexedH2Database(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry) {
    super(databaseName, remember(mvStore), cursorRegistry);
    List<IndexedH2Collection> opened = OPENING.get();
    OPENING.remove();
    // one read of each collection fills all its secondary indexes (instead of two reads per index)
    for (IndexedH2Collection collection : opened) collection.buildDeferredIndexes();
  }

  private static MVStore remember(MVStore mvStore) {
    store = mvStore;
    OPENING.set(new ArrayList<>());
    return mvStore;
  }

  @Override
  protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
    String fullName = getFullCollectionNamespace(collectionName);
    MVMap<Object, Document> dataMap = store.openMap(DATA_PREFIX + fullName);
    MVMap<String, Object> metaMap = store.openMap(META_PREFIX + fullName);
    IndexedH2Collection collection = new IndexedH2Collection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
    List<IndexedH2Collection> opening = OPENING.get();
    if (opening != null) {
      collection.deferIndexBuilds();
      opening.add(collection);
    }
    return collection;
  }

  @Override
  protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
    return new SecondaryIndex(indexName, keys, sparse);
  }

  @Override
  public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver databaseResolver, Oplog oplog) {
    // An aggregation that starts with $match reads its source through the collection's planner, not a full scan.
    if (command.equalsIgnoreCase("aggregate") && query.get("pipeline") instanceof List<?> pipeline && !pipeline.isEmpty()
        && pipeline.get(0) instanceof Document first && first.size() == 1 && first.get("$match") instanceof Document match) {
      IndexedH2Collection.leadingMatch(getFullCollectionNamespace(String.valueOf(query.get(command))), match);
      try {
        return super.handleCommand(channel, command, query, databaseResolver, oplog);
      } finally {
        IndexedH2Collection.clearLeadingMatch();
      }
    }
    return super.handleCommand(channel, command, query, databaseResolver, oplog);
  }
}
