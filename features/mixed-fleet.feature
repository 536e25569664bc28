@fleet @mqtt
Feature: A fleet that mixes AMQP and MQTT devices
  Most fleets in the field mix AMQP and MQTT devices, and they do not settle messages
  alike. An MQTT device acknowledges a message (PUBACK) and IoT Hub completes it: MQTT
  has no reject and no abandon, so `hubspec validate` refuses a step that asks an MQTT
  device for either, and the delivery count does not travel over MQTT. The properties of
  a message travel in the MQTT topic, percent-encoded, and must arrive intact.
  On a real hub, pass its maxDeliveryCount: --var maxDeliveryCount=10

  Background:
    Given the variable "maxDeliveryCount" defaults to "5"
    And the hub's C2D maxDeliveryCount is ${maxDeliveryCount}
    And the fleet:
      | group  | id         | count | transport | settle  |
      | meters | meter-{n}  | 3     | MQTT      |         |
      | valves | valve-{n}  | 2     | AMQP      | reject  |
      | legacy | legacy-{n} | 1     | AMQP      | abandon |

  Scenario: MQTT devices complete by PUBACK while AMQP devices reject and abandon
    When the back end sends message "tariff" to group "meters" with:
      | messageId            | tariff-{run}-{device} |
      | ack                  | full                  |
      | property tariff/zone | north & south         |
      | property price=      | 0.25 €/kWh            |
      | property note        | 50% off, 8–10 am?     |
    And the back end sends message "close" to group "valves" with ack negative
    And the back end sends message "retry" to group "legacy" with ack full
    Then group "meters" receives 1 message with:
      | property tariff/zone | north & south     |
      | property price=      | 0.25 €/kWh        |
      | property note        | 50% off, 8–10 am? |
    And group "meters" has completed 3 messages
    And group "valves" has rejected 2 messages
    And group "legacy" has abandoned ${maxDeliveryCount} times
    And the service gets this feedback:
      | message | status                |
      | tariff  | Success               |
      | close   | Rejected              |
      | retry   | DeliveryCountExceeded |

  Scenario: An MQTT device that reconnects gets what was sent while it was away
    When device "meter-1" disconnects
    And the back end sends message "reading" to device "meter-1" with:
      | ack                 | full       |
      | property unit/scale | kWh × 1000 |
    Then the queue of device "meter-1" holds 1 message
    When device "meter-1" connects
    Then device "meter-1" receives message "reading" with:
      | property unit/scale | kWh × 1000 |
    And the service gets Success feedback for message "reading"
