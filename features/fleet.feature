@fleet
Feature: A fleet described in a table
  Each row of the fleet table is a group of devices that behave alike; rules settle
  some messages differently from the rest.

  Scenario: Groups from a table settle by their own behaviour and their rules
    Given the fleet:
      | group      | id              | count | settle                     |
      | meters     | meter-{n}       | 10    | complete                   |
      | legacy     | legacy-{n}      | 3     | abandon, abandon, complete |
      | quarantine | quarantined-{n} | 2     | reject                     |
    And group "meters" rejects every message with:
      | property priority | low |
    When the back end sends message "tariff" to every device with:
      | messageId | tariff-{run}-{device} |
      | body json | {"tariff": "night"}   |
      | ack       | full                  |
    And the back end sends message "cleanup" to group "meters" with:
      | messageId         | cleanup-{run}-{device} |
      | property priority | low                    |
      | ack               | negative               |
    Then the service gets feedback for message "tariff" within 30s:
      | status   | count |
      | Success  | 13    |
      | Rejected | 2     |
    And the service gets Rejected feedback for message "cleanup"
    And group "legacy" has settled:
      | disposition | count |
      | abandon     | 6     |
      | complete    | 3     |
    And group "meters" has rejected 10 messages
    And group "quarantine" has rejected 2 messages
