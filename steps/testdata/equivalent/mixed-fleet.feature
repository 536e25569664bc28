Feature: scenarios/mixed-fleet.yaml

  @fleet @mqtt
  Scenario: A fleet of AMQP and MQTT devices settles each message as its protocol allows
    Given the variable "maxDeliveryCount" defaults to "5"
    And the hub's C2D maxDeliveryCount is ${maxDeliveryCount}
    And the fleet:
      | group  | id         | count | transport | settle   |
      | meters | meter-{n}  | 3     | MQTT      |          |
      | valves | valve-{n}  | 2     | AMQP      | reject   |
      | legacy | legacy-{n} | 1     | AMQP      | abandon  |
    When the back end sends message "tariff" to group "meters" with:
      | messageId            | tariff-{run}-{device} |
      | ack                  | full                  |
      | property tariff/zone | north & south         |
      | property price=      | 0.25 €/kWh            |
      | property note        | 50% off, 8–10 am?     |
    And the back end sends message "close" to group "valves" with:
      | messageId | close-{run}-{device} |
      | ack       | negative             |
    And the back end sends message "retry" to group "legacy" with:
      | messageId | retry-{run}-{device} |
      | ack       | full                 |
    Then group "meters" receives 1 message with:
      | property tariff/zone | north & south     |
      | property price=      | 0.25 €/kWh        |
      | property note        | 50% off, 8–10 am? |
    And the service gets this feedback:
      | message | status                |
      | tariff  | Success               |
      | close   | Rejected              |
      | retry   | DeliveryCountExceeded |
    And group "meters" has completed 3 messages
    And group "legacy" has abandoned ${maxDeliveryCount} times
    When device "meter-1" disconnects
    And the back end sends message "reading" to device "meter-1" with:
      | messageId           | reading-{run} |
      | ack                 | full          |
      | property unit/scale | kWh × 1000    |
    Then the queue of device "meter-1" holds 1 message
    When device "meter-1" connects
    Then device "meter-1" receives 2 messages, including these:
      | messageId     | property unit/scale |
      | reading-{run} | kWh × 1000          |
    And the service gets Success feedback for message "reading"
    And the service gets feedback for every message:
      | status                | count |
      | Success               | 4     |
      | Rejected              | 2     |
      | DeliveryCountExceeded | 1     |
