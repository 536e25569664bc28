Feature: What an MQTT device cannot do

  Scenario: An MQTT meter asked to reject, and its delivery count expected
    Given a group "meters" of 2 MQTT devices "meter-{n}"
    And group "meters" rejects every message
    When the back end sends message "tariff" to group "meters" with ack full
    Then group "meters" receives 1 message with:
      | deliveryCount | 0 |
    And the service gets Rejected feedback for message "tariff"
