Feature: scenarios/order.yaml

  @order
  Scenario: Each device receives its messages in the order they were sent
    Given a group "lights" of 5 devices "light-{n}"
    When the back end sends 20 messages to group "lights" with:
      | messageId    | seq-{run}-{device}-{i} |
      | property seq | {i}                    |
    Then group "lights" receives 20 messages in the order they were sent
    And device "light-3" receives these messages in this order:
      | messageId            | property seq |
      | seq-{run}-{device}-1 | 1            |
      | seq-{run}-{device}-2 | 2            |
