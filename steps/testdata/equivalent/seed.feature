Feature: The seed tutorial, as scenarios/seed.yaml says it

  @seed @smoke
  Scenario: A device completes a message and the service gets Success feedback
    Given a device "thermostat-1"
    And message "setpoint" has:
      | messageId         | setpoint-{run}     |
      | correlationId     | job-42             |
      | property priority | high               |
      | body json         | {"setpoint": 21.5} |
      | contentType       | application/json   |
      | contentEncoding   | utf-8              |
      | ack               | full               |
    When the back end sends message "setpoint" to device "thermostat-1"
    Then device "thermostat-1" receives 1 message with:
      | messageId         | setpoint-{run}     |
      | correlationId     | job-42             |
      | contentType       | application/json   |
      | property priority | high               |
      | body json         | {"setpoint": 21.5} |
    And the service gets Success feedback for message "setpoint"
