Feature: scenarios/lock-expiry.yaml

  @outcome @slow
  Scenario: An ignored message comes back when its lock expires
    Given the embedded hub's lockDuration is 1s
    And a device "display-1" that ignores, then completes every message
    When the back end sends message "banner" to device "display-1" with:
      | messageId | banner-{run} |
      | ack       | full         |
    Then device "display-1" has settled within 90s:
      | ignore   | 1 |
      | complete | 1 |
    And the service gets Success feedback for message "banner" within 120s
