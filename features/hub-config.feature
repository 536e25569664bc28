@hub-config
Feature: A hub configuration check
  A spec states the hub configuration it relies on. The embedded hub runs with it; a
  real hub's settings cannot be changed from a spec, so there they are what the spec
  assumes. Written as a variable, one spec checks a configuration change:

    hubspec run --var maxDeliveryCount=10 features/hub-config.feature

  Background:
    Given the variable "maxDeliveryCount" defaults to "5"
    And the hub's C2D maxDeliveryCount is ${maxDeliveryCount}

  Scenario: After maxDeliveryCount abandons the service gets DeliveryCountExceeded
    Given a device "sensor-1" that abandons every message
    When the back end sends message "reboot" to device "sensor-1" with ack full
    Then device "sensor-1" has abandoned ${maxDeliveryCount} times
    And the service gets DeliveryCountExceeded feedback for message "reboot"
    And device "sensor-1" receives no further message for 1s

  Scenario: A message completed before maxDeliveryCount abandons yields Success
    Given the hub's cloudToDevice settings are:
      """json
      {"maxDeliveryCount": 2, "defaultTtlAsIso8601": "PT1H"}
      """
    And a device "sensor-2" that abandons, then completes every message
    When the back end sends message "retry" to device "sensor-2" with ack full
    Then device "sensor-2" has settled:
      | abandon  | 1 |
      | complete | 1 |
    And the service gets Success feedback for message "retry"
