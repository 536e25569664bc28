Feature: scenarios/expiry.yaml

  @outcome
  Scenario: A message that outlives its TTL yields Expired feedback
    Given an offline device "meter-1"
    When the back end sends message "reading" to device "meter-1" with:
      | messageId | read-{run} |
      | ttl       | 2s         |
      | ack       | negative   |
    Then the service gets Expired feedback for message "reading" within 60s
    When device "meter-1" connects
    Then device "meter-1" receives no further message for 1s
