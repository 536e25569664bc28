Feature: scenarios/unknown-device.yaml

  @outcome
  Scenario: A message to an unknown device is refused with DeviceNotFound
    When the back end sends message "ghost" to device "no-such-device" with:
      | messageId | ghost-{run}    |
      | outcome   | DeviceNotFound |
    Then the hub answered the sends of message "ghost" with:
      | outcome        | count |
      | DeviceNotFound | 1     |
      | Accepted       | none  |
