package platform.local;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.type.DataType;

/**
 * An H2 collection that narrows a query to the documents its indexes point at before matching.
 *
 * <p>The planner only ever picks candidates: every candidate is still matched against the whole query by
 * mongo-java-server's own matcher, and the candidates are put back in the collection's natural order (the order
 * of a full scan) before sorting, skipping and limiting. So a query returns exactly what the full scan returns,
 * only sooner. An index is used for the top-level fields that the query pins to plain values (equality, $eq,
 * $in): a unique index when all its fields are pinned, a secondary index for a pinned prefix of its fields.
 */
final class IndexedH2Collection extends H2Collection {

  /** STORE_PLANNER=off in the environment turns the planner off (every query scans), to compare. */
  static final boolean PLANNER = !"off".equals(System.getenv("STORE_PLANNER"));
  private static final int MAX_LOOKUPS = 1024;
  private static final ThreadLocal<Object[]> LEADING_MATCH = new ThreadLocal<>();

  private final DataType<Object> naturalOrder;

  IndexedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                      MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
    super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    this.naturalOrder = dataMap.getKeyType();
  }

  /** While the store opens: secondary indexes to fill in one read of the documents, after all are known. */
  private List<SecondaryIndex> deferred;

  void deferIndexBuilds() {
    deferred = new ArrayList<>();
  }

  @Override
  public void addIndex(Index<Object> index) {
    if (deferred != null && index instanceof SecondaryIndex secondary && secondary.getCount() == 0) {
      secondary.setDeferred(true); // looks built, so the collection does not read every document for it
      super.addIndex(index);
      if (getIndexes().contains(secondary)) deferred.add(secondary);
      return;
    }
    super.addIndex(index);
  }

  void buildDeferredIndexes() {
    List<SecondaryIndex> pending = deferred;
    deferred = null;
    if (pending == null || pending.isEmpty()) return;
    streamAllDocumentsWithPosition().forEach(d -> {
      for (SecondaryIndex index : pending) index.add(d.getDocument(), d.getPosition(), this);
    });
    pending.forEach(index -> index.setDeferred(false));
  }

  static void leadingMatch(String fullName, Document match) {
    LEADING_MATCH.set(new Object[] {fullName, match});
  }

  static void clearLeadingMatch() {
    LEADING_MATCH.remove();
  }

  /** The source of an aggregation: the documents its leading $match can select (the stage itself still runs). */
  @Override
  public Stream<Document> queryAllAsStream() {
    Object[] pending = LEADING_MATCH.get();
    if (pending != null && pending[0].equals(getFullName())) {
      LEADING_MATCH.remove();
      return handleQueryAsStream(new Document("query", pending[1]));
    }
    return super.queryAllAsStream();
  }

  @Override
  protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                       Document fieldSelector) {
    if (PLANNER && query != null && !query.isEmpty() && !isNatural(orderBy)) {
      List<Object> positions;
      try {
        positions = candidates(query);
      } catch (ConcurrentModificationException e) {
        positions = null; // an index was added meanwhile: scan
      }
      if (positions != null) {
        positions.sort(naturalOrder::compare);
        Stream<Document> documents = positions.stream().map(this::getDocument).filter(Objects::nonNull);
        return matchDocumentsFromStream(documents, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
      }
    }
    return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
  }

  private static boolean isNatural(Document orderBy) {
    return orderBy != null && orderBy.containsKey("$natural");
  }

  /** The positions of every document that can match, or null when no index narrows the query. */
  private List<Object> candidates(Document query) {
    Map<String, List<Object>> pinned = pinnedFields(query);
    if (pinned.isEmpty()) return null;
    Index<Object> best = null;
    List<List<Object>> bestLookups = null;
    long bestCost = Long.MAX_VALUE;
    for (Index<Object> index : new ArrayList<>(getIndexes())) {
      List<String> fields = index.getKeys().stream().map(IndexKey::getKey).toList();
      int prefix = 0;
      while (prefix < fields.size() && pinned.containsKey(fields.get(prefix))) prefix++;
      long cost;
      List<List<Object>> lookups;
      if (index.isUnique()) {
        if (prefix < fields.size()) continue;
        lookups = combinations(fields, prefix, pinned);
        if (lookups == null) continue;
        cost = lookups.size();
      } else if (index instanceof SecondaryIndex secondary) {
        if (prefix == 0) continue;
        lookups = combinations(fields, prefix, pinned);
        if (lookups == null) continue;
        cost = secondary.count(lookups);
      } else {
        continue;
      }
      if (cost < bestCost) {
        best = index;
        bestLookups = lookups;
        bestCost = cost;
      }
    }
    // an index that selects most of the collection is slower than reading it in order
    if (best == null || bestCost > Math.max(64, count() / 2)) return null;
    if (best instanceof SecondaryIndex secondary) return secondary.positions(bestLookups);
    List<String> fields = best.getKeys().stream().map(IndexKey::getKey).toList();
    Set<Object> positions = new LinkedHashSet<>();
    for (List<Object> values : bestLookups) {
      Document exact = new Document();
      for (int i = 0; i < fields.size(); i++) exact.put(fields.get(i), values.get(i));
      for (Object p : best.getPositions(exact)) positions.add(p);
    }
    return new ArrayList<>(positions);
  }

  /** Every combination of the pinned values of the first `prefix` fields, or null when there are too many. */
  private static List<List<Object>> combinations(List<String> fields, int prefix, Map<String, List<Object>> pinned) {
    List<List<Object>> out = new ArrayList<>();
    out.add(List.of());
    for (int i = 0; i < prefix; i++) {
      List<Object> values = pinned.get(fields.get(i));
      if ((long) out.size() * values.size() > MAX_LOOKUPS) return null;
      List<List<Object>> next = new ArrayList<>(out.size() * values.size());
      for (List<Object> head : out) {
        for (Object v : values) {
          List<Object> key = new ArrayList<>(head);
          key.add(v);
          next.add(key);
        }
      }
      out = next;
    }
    return out;
  }

  /** Top-level fields the query pins to plain values: field to the normalised values it may take. */
  private static Map<String, List<Object>> pinnedFields(Document query) {
    Map<String, List<Object>> pinned = new HashMap<>();
    for (Map.Entry<String, Object> e : query.entrySet()) {
      String field = e.getKey();
      if (field.startsWith("$")) continue; // $and, $or, $expr, $comment: further conditions, candidates stay a superset
      Object value = e.getValue();
      if (SecondaryIndex.isPlain(value)) {
        pinned.put(field, List.of(SecondaryIndex.normalize(value)));
      } else if (value instanceof Document operators && !operators.isEmpty()
          && operators.keySet().stream().allMatch(k -> k.startsWith("$"))) {
        if (operators.containsKey("$eq") && SecondaryIndex.isPlain(operators.get("$eq"))) {
          pinned.put(field, List.of(SecondaryIndex.normalize(operators.get("$eq"))));
        } else if (operators.get("$in") instanceof Collection<?> in && in.stream().allMatch(SecondaryIndex::isPlain)) {
          pinned.put(field, in.stream().map(SecondaryIndex::normalize).distinct().toList());
        }
      }
    }
    return pinned;
  }
}
