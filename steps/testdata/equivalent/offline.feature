Feature: scenarios/offline.yaml

  @connection
  Scenario: An offline device receives its queue in order when it connects
    Given an offline device "pump-1"
    When the back end sends 3 messages "batch" to device "pump-1" with:
      | messageId | cmd-{run}-{i} |
      | ack       | positive      |
    Then the queue of device "pump-1" holds 3 messages
    When device "pump-1" connects
    Then device "pump-1" receives 3 messages in the order they were sent
    And the service gets Success feedback for message "batch"
