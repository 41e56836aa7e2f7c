package io.helmwatch.cloudevents;

class CloudEventsStructuredWebhookSinkContractTest extends CloudEventsWebhookSinkContract {
  @Override
  CloudEventsFormat format() {
    return CloudEventsFormat.structured();
  }
}
