Feature: scenarios/delivery-count-exceeded.yaml

  @outcome
  Scenario: A message abandoned maxDeliveryCount times is dead-lettered with DeliveryCountExceeded
    Given the variable "maxDeliveryCount" defaults to "5"
    And the hub's C2D maxDeliveryCount is ${maxDeliveryCount}
    And a device "sensor-1" that abandons every message
    When the back end sends message "reboot" to device "sensor-1" with:
      | messageId | reboot-{run} |
      | ack       | full         |
    Then device "sensor-1" has abandoned ${maxDeliveryCount} times
    And the service gets DeliveryCountExceeded feedback for message "reboot"
    And device "sensor-1" receives no further message for 1s
