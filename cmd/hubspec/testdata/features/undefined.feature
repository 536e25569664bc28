Feature: A typo
  Scenario: An undefined step
    Given a device "thermostat-1"
    Then device "thermostat-1" recieves 1 message
