package platform.exporter;

import io.camunda.zeebe.exporter.api.Exporter;
import io.camunda.zeebe.exporter.api.context.Context;
import io.camunda.zeebe.exporter.api.context.Controller;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import java.util.Set;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Posts every user-task event (created, assigned, completed, canceled, ...), every incident event, the
 * activation, completion and termination of each flow element, and each timer that fires to the platform API
 * as the record's JSON (the auditors' history of what the engine did). A record counts as exported only after the API answered 2xx; on any failure the broker
 * retries the same record, so the API sees each event at least once and must be idempotent.
 *
 * <p>Arguments: url (the API's engine-records endpoint, {@code https://<api>/internal/engine/records}; the former
 * {@code /internal/engine/user-task-events} is answered for one more release only), token (the API's
 * ENGINE_EVENTS_TOKEN, sent as a bearer token).
 */
public final class EngineRecordsExporter implements Exporter {
  private Controller controller;
  private Logger log;
  private HttpClient http;
  private URI url;
  private String token;

  @Override
  public void configure(Context context) {
    log = context.getLogger();
    Object urlArg = context.getConfiguration().getArguments().get("url");
    Object tokenArg = context.getConfiguration().getArguments().get("token");
    if (urlArg == null || tokenArg == null) {
      throw new IllegalArgumentException("the engine records exporter needs the arguments url and token");
    }
    url = URI.create(urlArg.toString());
    token = tokenArg.toString();
    context.setFilter(new Context.RecordFilter() {
      @Override
      public boolean acceptType(RecordType recordType) {
        return recordType == RecordType.EVENT;
      }

      @Override
      public boolean acceptValue(ValueType valueType) {
        return valueType == ValueType.USER_TASK || valueType == ValueType.INCIDENT
            || valueType == ValueType.PROCESS_INSTANCE || valueType == ValueType.TIMER;
      }
    });
  }

  @Override
  public void open(Controller controller) {
    this.controller = controller;
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    log.info("engine records exporter posting to {}", url);
  }

  private static final Set<String> ELEMENT_INTENTS = Set.of("ELEMENT_ACTIVATED", "ELEMENT_COMPLETED", "ELEMENT_TERMINATED");

  /** Of the element and timer records, only the ones an auditor reads; the rest are passed over. */
  private static boolean wanted(Record<?> record) {
    String intent = record.getIntent().name();
    if (record.getValueType() == ValueType.TIMER) {
      return intent.equals("TRIGGERED");
    }
    if (record.getValueType() == ValueType.PROCESS_INSTANCE) {
      ProcessInstanceRecordValue value = (ProcessInstanceRecordValue) record.getValue();
      return ELEMENT_INTENTS.contains(intent) && value.getBpmnElementType() != BpmnElementType.SEQUENCE_FLOW;
    }
    return true;
  }

  @Override
  public void export(Record<?> record) {
    if (!wanted(record)) {
      controller.updateLastExportedRecordPosition(record.getPosition());
      return;
    }
    HttpRequest request = HttpRequest.newBuilder(url)
        .timeout(Duration.ofSeconds(10))
        .header("content-type", "application/json")
        .header("authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(record.toJson()))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("platform API not reachable at " + url + ": " + e.getMessage(), e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("platform API answered " + response.statusCode() + " for record " + record.getPosition() + ": " + response.body());
    }
    controller.updateLastExportedRecordPosition(record.getPosition());
  }
}
