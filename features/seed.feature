@seed @smoke
Feature: The seed tutorial
  A back end sends one cloud-to-device message with a message id, a correlation id
  and a property, and asks for full acknowledgement. The device receives it with all
  of them and completes it, and the service gets Success feedback.

  Run it with: go run ./cmd/hubspec run features/seed.feature

  Scenario: A device completes a message and the service gets Success feedback
    Given a device "thermostat-1"
    And message "setpoint" has:
      | messageId         | setpoint-{run}   |
      | correlationId     | job-42           |
      | property priority | high             |
      | contentType       | application/json |
      | contentEncoding   | utf-8            |
    And message "setpoint" has the body:
      """json
      {"setpoint": 21.5}
      """
    When the back end sends message "setpoint" to device "thermostat-1" with ack full
    Then device "thermostat-1" receives message "setpoint" with:
      | correlationId     | job-42             |
      | contentType       | application/json   |
      | property priority | high               |
      | body json         | {"setpoint": 21.5} |
    And device "thermostat-1" has completed 1 message
    And the service gets Success feedback for message "setpoint"
