Feature: scenarios/reconnect.yaml

  @connection
  Scenario: A device that disconnects receives what was sent meanwhile when it reconnects
    Given a device "tracker-1"
    When the back end sends a message to device "tracker-1" with:
      | messageId | before-{run} |
    Then device "tracker-1" receives 1 message
    When device "tracker-1" disconnects
    And the back end sends message "away" to device "tracker-1" with:
      | messageId | away-{run} |
      | ack       | full       |
    Then the queue of device "tracker-1" holds 1 message
    When device "tracker-1" connects
    Then device "tracker-1" receives 2 messages, including these:
      | messageId  |
      | away-{run} |
    And the service gets Success feedback for message "away"
