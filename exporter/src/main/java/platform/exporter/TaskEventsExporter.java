package platform.exporter;

import io.camunda.zeebe.exporter.api.Exporter;
import io.camunda.zeebe.exporter.api.context.Context;
import io.camunda.zeebe.exporter.api.context.Controller;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Posts every user-task event (created, assigned, completed, canceled, ...) and every incident event to the
 * platform API as the
 * record's JSON. A record counts as exported only after the API answered 2xx; on any failure the broker
 * retries the same record, so the API sees each event at least once and must be idempotent.
 *
 * <p>Arguments: url (the API's engine-event endpoint), token (shared secret sent as a bearer token).
 */
public final class TaskEventsExporter implements Exporter {
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
      throw new IllegalArgumentException("the task events exporter needs the arguments url and token");
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
        return valueType == ValueType.USER_TASK || valueType == ValueType.INCIDENT;
      }
    });
  }

  @Override
  public void open(Controller controller) {
    this.controller = controller;
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    log.info("task events exporter posting to {}", url);
  }

  @Override
  public void export(Record<?> record) {
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
