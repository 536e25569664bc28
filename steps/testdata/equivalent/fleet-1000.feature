Feature: scenarios/fleet-1000.yaml

  @fleet @bench
  Scenario: A fleet of 1,000 devices each receives one message and completes it
    Given a group "meters" of 1000 devices "meter-{n}"
    When the back end sends message "tariff" to group "meters" with:
      | messageId | tariff-{run}-{device} |
      | body json | {"tariff": "night"}   |
      | ack       | positive              |
    Then group "meters" receives 1 message within 60s
    And the service gets feedback for message "tariff" within 90s:
      | status  | count |
      | Success | 1000  |
