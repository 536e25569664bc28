Feature: A scenario that fails
  Scenario: The device is expected to receive two messages but gets one
    Given a device "d-1"
    When the back end sends a message to device "d-1"
    Then device "d-1" receives 2 messages within 500ms
