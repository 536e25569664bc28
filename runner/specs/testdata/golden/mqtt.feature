Feature: What MQTT devices cannot do, each refused at its step

  Background:
    Given the fleet:
      | group  | id        | count | transport | settle           |
      | meters | meter-{n} | 2     | MQTT      | ignore, abandon  |
      | hashed | gate#{n}  | 1     | MQTT      | complete         |
      | valves | valve-{n} | 2     | AMQP      | reject           |
    And group "meters" rejects every message with:
      | deliveryCount | at least 1 |

  Scenario: Everything an MQTT device cannot do
    When the back end sends message "readings" to group "meters" with:
      | messageId      | r-{run}-{device} |
      | ack            | full             |
      | property $.mid | not the id       |
    And the back end sends message "commands" to group "valves" with ack full
    Then every device receives 1 message with:
      | deliveryCount | 0 |
    And group "valves" receives 1 message with:
      | deliveryCount | 0 |
    And the service gets Rejected feedback for message "readings"
    And the service gets feedback for message "readings":
      | status                | count      |
      | DeliveryCountExceeded | at least 1 |
    And the service gets feedback for every message:
      | status   | count |
      | Rejected | 2     |
      | Success  | 2     |
    And group "meters" has abandoned 1 time
    And every device has rejected 2 messages

  Scenario: An MQTT device that rejects, in a scenario of its own
    Given an MQTT device "m-1" that rejects every message
    When the back end sends a message to device "m-1"
