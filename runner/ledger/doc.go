// Package ledger is the message ledger of a hubspec scenario: the record of every C2D
// message the runner sends and everything that happens to it, and the account of where
// each one ended.
//
// The runner records events as they happen, from many goroutines:
//
//	led := ledger.New(ledger.Options{})
//	led.RecordSent(ledger.Sent{MessageID: "msg-thermostat-1-0", Device: "thermostat-1", Ack: ledger.AckFull})
//	led.RecordSendOutcome("msg-thermostat-1-0", ledger.Accepted, "", time.Time{})
//	led.RecordDelivery(ledger.Delivery{MessageID: "msg-thermostat-1-0", Device: "thermostat-1"})
//	led.RecordSettlement(ledger.Settlement{MessageID: "msg-thermostat-1-0", Device: "thermostat-1", Disposition: ledger.Complete})
//	led.RecordFeedback(ledger.Feedback{MessageID: "msg-thermostat-1-0", Device: "thermostat-1", Status: ledger.StatusSuccess})
//
// Expectations are queries over the ledger (Events, Count, First, Last, Message,
// Messages, Counts, Latencies), and async expectations wait on it: Wait re-checks a
// condition after every recorded event, so an expectation holds as soon as its condition
// does, with no polling interval and no fixed sleep.
//
// # Nothing lost
//
// When a scenario ends, Account gives every message a Fate. Its State is either known
// (refused, completed, rejected, dead-lettered, expired, purged, deleted, queued) or not
// (unknown, contradicted); Accounting.Problems names every message whose fate is not known,
// by id, and every delivery or send outcome of an id the scenario never sent, so no
// message is silently dropped. The rules run in this order and the first that applies
// decides:
//
//	rule              applies when                                                       state
//	contradiction     the records disagree: refused yet delivered or given feedback;     contradicted
//	                  delivered to another device; rejected or abandoned over MQTT
//	                  (which has neither); completed or rejected twice;
//	                  delivered again after complete or reject; two feedback statuses;
//	                  feedback the ack mode does not ask for; feedback that disagrees
//	                  with the device's complete or reject
//	refused at send   the send outcome is not Accepted                                   refused
//	feedback          a feedback record: Success, Rejected, Expired,                      completed, rejected,
//	                  DeliveryCountExceeded, Purged                                       expired, dead-lettered, purged
//	settlement        the device completed or rejected it (a failed call does not count; completed, rejected
//	                  an MQTT PUBACK the message was delivered again after does not count)
//	delivery count    successful abandons ≥ Rules.MaxDeliveryCount (when known)          dead-lettered
//	no outcome        no send outcome and no delivery                                    unknown
//	runner action     its device was purged or deleted after the send, and the message    purged, deleted
//	                  was not delivered after that
//	expiry            its absolute expiry, or the send time plus Rules.DefaultTTL,        expired
//	                  passed before Rules.End
//	expected queued   Rules.ExpectQueued says the scenario expects it still queued        queued
//	otherwise         nothing accounts for it (abandoned or ignored and never seen again, unknown
//	                  or accepted and never delivered)
//
// Feedback outranks the device's own record because it is the hub's word; the device's
// record outranks inference from hub settings, which outranks runner actions. Inferred
// states say "(no feedback)" in their reason.
//
// # MQTT devices
//
// Deliveries and settlements carry their device's Transport. Over MQTT a device
// completes by PUBACK and has no reject or abandon, and the hub neither answers a
// PUBACK nor sends the delivery count. So the ledger reads an MQTT device's records
// differently: the delivery count is not shown (timelines say "delivered to d over
// MQTT"); a PUBACK is "complete (PUBACK)"; a PUBACK the message was delivered again
// after was lost on the way (the connection ended), so it is neither the message's fate
// nor a contradiction, and the later PUBACK counts; a second PUBACK for one delivery
// changes nothing at the hub and is no contradiction; and feedback that disagrees with
// a PUBACK is the hub's word, not a contradiction (a PUBACK written as the connection
// closed may never arrive). No MQTT settlement ever makes a message rejected or
// dead-lettered: those states come from AMQP devices or from feedback.
//
// # Timelines
//
// Timeline renders the ledger lines that matter for one message or one device, with times
// relative to the scenario start, for failure explanations:
//
//	+0.000s   msg-thermostat-1-0  sent to thermostat-1 (ack full, correlation-id order-17)
//	+0.004s   msg-thermostat-1-0  accepted
//	+0.010s   msg-thermostat-1-0  delivered to thermostat-1 (delivery count 0)
//	+0.011s   msg-thermostat-1-0  complete by thermostat-1
//	+1.020s   msg-thermostat-1-0  feedback Success
//
// Compact renders a whole scenario for a report's system-out: one line of counts, then the
// timeline with its middle left out beyond a line limit, so fleets stay compact.
//
// The ledger holds data only; it starts no goroutines and needs no Close.
package ledger
