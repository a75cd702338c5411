package platform.local;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A non-unique (optionally compound) index, kept in memory and rebuilt from the documents when the store opens
 * (mongo-java-server ignores non-unique indexes). For each prefix of its fields it maps the prefix's values to
 * the positions of the documents holding them; an array field contributes each of its elements (multikey).
 *
 * <p>It only answers lookups of plain values ({@link #isPlain}), and a lookup may return more documents than
 * match: the collection matches every candidate against the whole query. What it must never do is miss a
 * document that matches, so it indexes every document, with or without the fields.
 */
final class SecondaryIndex extends Index<Object> {

  private static final int MAX_KEYS_PER_DOCUMENT = 10_000;

  private final List<String> fields;
  /** prefixes.get(n - 1): the values of the first n fields to the positions of the documents that hold them */
  private final List<Map<List<Object>, Set<Object>>> prefixes = new ArrayList<>();
  private final Map<Object, List<List<Object>>> keysByPosition = new HashMap<>();
  /** a document had more key combinations than it is sensible to index: the planner no longer uses this index */
  private boolean unusable;
  /** filled by the collection after the store opened (see IndexedH2Collection#buildDeferredIndexes) */
  private boolean deferred;

  SecondaryIndex(String name, List<IndexKey> keys, boolean sparse) {
    super(name, keys, sparse);
    this.fields = keys.stream().map(IndexKey::getKey).toList();
    for (int i = 0; i < fields.size(); i++) prefixes.add(new HashMap<>());
  }

  /** Values an equality lookup can use: their normalised forms compare equal exactly when MongoDB's do. */
  static boolean isPlain(Object value) {
    if (value == null || value instanceof Missing || BsonRegularExpression.isRegularExpression(value)) return false;
    if (value instanceof Double d && d.isNaN()) return false;
    return value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof Instant
        || value instanceof Date || value instanceof ObjectId || value instanceof UUID;
  }

  /** mongo-java-server's own normalisation (numbers of every type compare as doubles, -0.0 as 0.0). */
  static Object normalize(Object value) {
    if (value == null || value instanceof Missing) return null;
    if (value instanceof Date d) value = d.toInstant();
    return new KeyValue(new Object[] {value}).normalized().get(0);
  }

  private static void collect(Object value, Set<Object> out, int depth) {
    if (value instanceof Collection<?> c) {
      if (depth < 8) for (Object element : c) collect(element, out, depth + 1);
    } else {
      out.add(normalize(value));
    }
  }

  private List<List<Object>> keysOf(Document document) {
    List<List<Object>> tuples = new ArrayList<>();
    tuples.add(new ArrayList<>());
    for (String field : fields) {
      Set<Object> values = new LinkedHashSet<>();
      collect(Utils.getSubdocumentValueCollectionAware(document, field), values, 0);
      if (values.isEmpty()) values.add(null); // an empty array: still indexed, under null
      if ((long) tuples.size() * values.size() > MAX_KEYS_PER_DOCUMENT) {
        unusable = true;
        return List.of();
      }
      List<List<Object>> next = new ArrayList<>(tuples.size() * values.size());
      for (List<Object> head : tuples) {
        for (Object v : values) {
          List<Object> tuple = new ArrayList<>(head);
          tuple.add(v);
          next.add(tuple);
        }
      }
      tuples = next;
    }
    return tuples;
  }

  private static Object positionOf(Document document) {
    return document.get("_id");
  }

  @Override
  public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
    List<List<Object>> tuples = keysOf(document);
    List<List<Object>> previous = keysByPosition.put(position, tuples);
    if (previous != null) unlink(position, previous);
    for (List<Object> tuple : tuples) {
      for (int n = 1; n <= fields.size(); n++) {
        prefixes.get(n - 1).computeIfAbsent(new ArrayList<>(tuple.subList(0, n)), k -> new LinkedHashSet<>()).add(position);
      }
    }
  }

  private void unlink(Object position, List<List<Object>> tuples) {
    for (List<Object> tuple : tuples) {
      for (int n = 1; n <= fields.size(); n++) {
        Map<List<Object>, Set<Object>> map = prefixes.get(n - 1);
        List<Object> key = tuple.subList(0, n);
        Set<Object> positions = map.get(key);
        if (positions != null) {
          positions.remove(position);
          if (positions.isEmpty()) map.remove(key);
        }
      }
    }
  }

  @Override
  public synchronized Object remove(Document document) {
    Object position = positionOf(document);
    List<List<Object>> tuples = keysByPosition.remove(position);
    if (tuples == null) return null;
    unlink(position, tuples);
    return position; // the collection checks that every index agrees on the position it removes
  }

  @Override
  public synchronized void updateInPlace(Document oldDocument, Document newDocument, Object position, MongoCollection<Object> collection) {
    List<List<Object>> tuples = keysByPosition.remove(position);
    if (tuples != null) unlink(position, tuples);
    add(newDocument, position, collection);
  }

  /** How many positions the lookups return (before removing duplicates); Long.MAX_VALUE when unusable. */
  synchronized long count(List<List<Object>> lookups) {
    if (unusable) return Long.MAX_VALUE;
    long total = 0;
    for (List<Object> key : lookups) {
      Set<Object> positions = prefixes.get(key.size() - 1).get(key);
      if (positions != null) total += positions.size();
    }
    return total;
  }

  synchronized List<Object> positions(List<List<Object>> lookups) {
    Set<Object> out = new LinkedHashSet<>();
    for (List<Object> key : lookups) {
      Set<Object> positions = prefixes.get(key.size() - 1).get(key);
      if (positions != null) out.addAll(positions);
    }
    return new ArrayList<>(out);
  }

  @Override
  public Object getPosition(Document document) {
    return null; // not unique: it never identifies a document
  }

  @Override
  public void checkAdd(Document document, MongoCollection<Object> collection) {}

  @Override
  public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {}

  @Override
  public boolean canHandle(Document query) {
    return false; // used through IndexedH2Collection's planner only
  }

  @Override
  public Iterable<Object> getPositions(Document query) {
    throw new UnsupportedOperationException();
  }

  synchronized void setDeferred(boolean deferred) {
    this.deferred = deferred;
  }

  @Override
  public synchronized boolean isEmpty() {
    return !deferred && keysByPosition.isEmpty();
  }

  @Override
  public synchronized long getCount() {
    return keysByPosition.size();
  }

  @Override
  public long getDataSize() {
    return 0;
  }

  @Override
  public synchronized void drop() {
    prefixes.forEach(Map::clear);
    keysByPosition.clear();
  }
}
