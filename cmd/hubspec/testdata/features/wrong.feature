Feature: A wrong expectation
  Scenario: The device is expected to receive two messages but gets one
    Given a device "thermostat-1"
    When the back end sends message "setpoint" to device "thermostat-1" with ack full
    Then the service gets Success feedback for message "setpoint"
    And device "thermostat-1" receives 2 messages within 500ms
