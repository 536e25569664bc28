Feature: scenarios/purge.yaml

  @outcome
  Scenario: Purging a device's queue yields Purged feedback
    Given an offline device "door-1"
    When the back end sends 3 messages "stale" to device "door-1" with:
      | messageId | stale-{run}-{i} |
      | ack       | full            |
    And the back end purges the queue of device "door-1"
    Then the service gets Purged feedback for message "stale"
    And the queue of device "door-1" holds 0 messages
    When device "door-1" connects
    Then device "door-1" receives no further message for 1s
