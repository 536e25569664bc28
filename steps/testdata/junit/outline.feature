@junit
Feature: Outline rows are test cases of their own

  Background:
    Given a device "valve-1"

  Scenario Outline: A message sent with ack <ack> that the device <settles>
    Given device "valve-1" <settles> every message
    When the back end sends message "command" to device "valve-1" with ack <ack>
    Then device "valve-1" has <settled> 1 message
    And the service gets <status> feedback for message "command"

    Examples:
      | ack      | settles   | settled   | status   |
      | positive | completes | completed | Success  |
      | negative | rejects   | rejected  | Rejected |

  Scenario Outline: A burst
    When the back end sends <n> messages "burst" to device "valve-1" with ack full
    Then the service gets feedback for message "burst":
      | Success | <n> |

    Examples:
      | n |
      | 1 |
      | 2 |

  @slow
  Scenario: Left out by the tags
    When the back end sends a message to device "valve-1"
