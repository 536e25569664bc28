@seed @smoke
Feature: The seed tutorial
  A back end sends one C2D message to a device that completes what it receives, and
  asks for full acknowledgement, so the service hears how the message ended.

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
    And device "thermostat-1" receives 1 message
    And the service gets Success feedback for message "setpoint"
