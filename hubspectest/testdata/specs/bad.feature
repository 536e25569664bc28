Feature: A spec with a problem
  Scenario: An undefined step
    Given a device "d-1"
    Then device "d-1" recieves 1 message
