@outcome
Feature: Every way a C2D message can end
  IoT Hub ends each cloud-to-device message one way: completed by its device,
  rejected, dead-lettered after too many deliveries, expired, purged from the queue,
  or refused when it is sent. With ack negative or full, the service hears of every
  failure as feedback.

  Against a real hub, give its maxDeliveryCount: --var maxDeliveryCount=10

  Rule: A device that rejects a message dead-letters it

    Scenario: A rejected message yields Rejected feedback
      Given a device "valve-1" that rejects every message
      When the back end sends message "close" to device "valve-1" with ack negative
      Then device "valve-1" has rejected 1 message
      And the service gets Rejected feedback for message "close"

  Rule: A message abandoned maxDeliveryCount times is dead-lettered

    Scenario: A message abandoned on every delivery yields DeliveryCountExceeded feedback
      Given the variable "maxDeliveryCount" defaults to "3"
      And the hub's C2D maxDeliveryCount is ${maxDeliveryCount}
      And a device "sensor-1" that abandons every message
      When the back end sends message "reboot" to device "sensor-1" with ack full
      Then device "sensor-1" has abandoned ${maxDeliveryCount} times
      And the service gets DeliveryCountExceeded feedback for message "reboot"
      And device "sensor-1" receives no further message for 1s

  Rule: A message that outlives its time to live expires, connected device or not

    Scenario: A message waiting for an offline device yields Expired feedback
      Given an offline device "meter-1"
      When the back end sends message "reading" to device "meter-1" with:
        | ttl | 2s       |
        | ack | negative |
      Then the service gets Expired feedback for message "reading" within 60s
      When device "meter-1" connects
      Then device "meter-1" receives no further message for 1s

  Rule: Purging a device's queue removes what waits in it

    Scenario: Purged messages yield Purged feedback and never arrive
      Given an offline device "door-1"
      When the back end sends 3 messages "stale" to device "door-1" with ack full
      And the back end purges the queue of device "door-1"
      Then the service gets Purged feedback for message "stale"
      And the queue of device "door-1" holds 0 messages
      When device "door-1" connects
      Then device "door-1" receives no further message for 1s

  Rule: The hub refuses a send it cannot take

    Scenario: The 51st message to an offline device is refused as the queue is full
      Given an offline device "lamp-1"
      When the back end sends 50 messages "fill" to device "lamp-1"
      And the back end sends message "overflow" to device "lamp-1" and the hub refuses it with DeviceMaximumQueueDepthExceeded
      Then the queue of device "lamp-1" holds 50 messages
      And the hub answered 1 send of message "overflow" with DeviceMaximumQueueDepthExceeded
      When device "lamp-1" connects
      Then device "lamp-1" receives 50 messages in the order they were sent

    Scenario: A message to an unknown device is refused with DeviceNotFound
      When the back end sends message "ghost" to device "no-such-device" and the hub refuses it with DeviceNotFound
      Then the hub answered the sends of message "ghost" with:
        | outcome        | count |
        | DeviceNotFound | 1     |
        | Accepted       | none  |
