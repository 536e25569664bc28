Feature: scenarios/reject.yaml

  @outcome
  Scenario: A device rejects a message and the service gets Rejected feedback
    Given a device "valve-1" that rejects every message
    When the back end sends message "close" to device "valve-1" with:
      | messageId | close-{run} |
      | body      | close       |
      | ack       | negative    |
    Then device "valve-1" has rejected 1 message
    And the service gets Rejected feedback for message "close"
