Feature: A scenario that passes
  Scenario: A device completes a message
    Given a device "d-1"
    When the back end sends message "m" to device "d-1" with ack positive
    Then device "d-1" receives message "m"
    And the service gets Success feedback for message "m"
