Feature: scenarios/queue-full.yaml

  @outcome @limits
  Scenario: The 51st message to an offline device is refused as the queue is full
    Given an offline device "lamp-1"
    When the back end sends 50 messages "fill" to device "lamp-1" with:
      | messageId | fill-{run}-{i} |
    And the back end sends message "overflow" to device "lamp-1" with:
      | messageId | overflow-{run}                  |
      | outcome   | DeviceMaximumQueueDepthExceeded |
    Then the queue of device "lamp-1" holds 50 messages
    When device "lamp-1" connects
    Then device "lamp-1" receives 50 messages in the order they were sent
