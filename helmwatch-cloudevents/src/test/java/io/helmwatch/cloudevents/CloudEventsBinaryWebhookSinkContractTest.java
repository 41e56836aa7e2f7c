package io.helmwatch.cloudevents;

class CloudEventsBinaryWebhookSinkContractTest extends CloudEventsWebhookSinkContract {
  @Override
  CloudEventsFormat format() {
    return CloudEventsFormat.binary();
  }
}
