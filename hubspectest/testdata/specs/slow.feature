@slow
Feature: A scenario the tags leave out
  Scenario: Not selected
    Given a device "d-1"
    When the back end sends a message to device "d-1"
