Feature: scenarios/rules.yaml

  @fleet @rules
  Scenario: A rule-based fleet settles each message by its properties and body
    Given a group "gateways" of 3 devices "gateway-{n}"
    And group "gateways" completes every message
    And group "gateways" rejects every message with:
      | property priority | low |
    And group "gateways" abandons, abandons, then completes every message with:
      | body json | {"command": "retry"} |
    And group "gateways" completes every message after 200ms with:
      | property region matches | ^eu- |
    And a group "quarantine" of 2 devices "quarantined-{n}"
    And group "quarantine" rejects every message
    When the back end sends message "urgent" to group "gateways" with:
      | messageId         | urgent-{run}-{device} |
      | property priority | high                  |
      | property region   | eu-west               |
      | ack               | full                  |
    And the back end sends message "low" to group "gateways" with:
      | messageId         | low-{run}-{device} |
      | property priority | low                |
      | ack               | full               |
    And the back end sends message "retry" to group "gateways" with:
      | messageId | retry-{run}-{device}  |
      | body json | {"command": "retry"}  |
      | ack       | full                  |
    And the back end sends message "isolate" to group "quarantine" with:
      | messageId | isolate-{run}-{device} |
      | ack       | negative               |
    Then the service gets this feedback:
      | message | status   |
      | urgent  | Success  |
      | low     | Rejected |
      | retry   | Success  |
      | isolate | Rejected |
    And group "gateways" has settled:
      | complete | 6 |
      | reject   | 3 |
      | abandon  | 6 |
    And group "quarantine" has settled:
      | reject   | 2    |
      | complete | none |
