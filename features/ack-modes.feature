@ack
Feature: Which outcomes produce feedback, by ack mode
  The ack mode a back end sends a message with decides the feedback it gets: positive
  asks for Success, negative for the failures (Rejected, DeliveryCountExceeded,
  Expired, Purged), full for both, and none for nothing at all.

  Background:
    Given a device "valve-1"

  Scenario Outline: A message sent with ack <ack> that the device <settles>
    Given device "valve-1" <settles> every message
    When the back end sends message "command" to device "valve-1" with ack <ack>
    Then device "valve-1" has <settled> 1 message
    And the service gets <feedback> feedback for message "command" within <within>

    @success
    Examples: completed messages
      | ack      | settles   | settled   | feedback | within |
      | none     | completes | completed | no       | 1s     |
      | positive | completes | completed | Success  | 30s    |
      | negative | completes | completed | no       | 1s     |
      | full     | completes | completed | Success  | 30s    |

    @failure
    Examples: rejected messages
      | ack      | settles | settled  | feedback | within |
      | none     | rejects | rejected | no       | 1s     |
      | positive | rejects | rejected | no       | 1s     |
      | negative | rejects | rejected | Rejected | 30s    |
      | full     | rejects | rejected | Rejected | 30s    |
