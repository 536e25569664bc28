package ledger_test

import (
	"context"
	"fmt"
	"time"

	"github.com/hubspec/hubspec/runner/ledger"
)

// A message's life recorded, waited on, accounted for and shown as a timeline.
func Example() {
	start := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return start.Add(time.Duration(ms) * time.Millisecond) }
	led := ledger.New(ledger.Options{Start: start})

	_ = led.RecordSent(ledger.Sent{MessageID: "msg-1", Device: "thermostat-1", Ack: ledger.AckFull,
		CorrelationID: "order-17", At: at(0)})
	led.RecordSendOutcome("msg-1", ledger.Accepted, "", at(4))
	led.RecordDelivery(ledger.Delivery{MessageID: "msg-1", Device: "thermostat-1", At: at(10)})
	led.RecordSettlement(ledger.Settlement{MessageID: "msg-1", Device: "thermostat-1", Disposition: ledger.Complete, At: at(11)})
	_ = led.RecordSent(ledger.Sent{MessageID: "msg-2", Device: "thermostat-1", At: at(20)})
	led.RecordSendOutcome("msg-2", ledger.Accepted, "", at(22))

	// An async expectation: feedback Success for msg-1, as soon as it is recorded.
	go led.RecordFeedback(ledger.Feedback{MessageID: "msg-1", Device: "thermostat-1", Status: ledger.StatusSuccess, At: at(1020)})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := led.Wait(ctx, func(l *ledger.Ledger) bool {
		return l.Count(ledger.Query{Kind: ledger.KindFeedback, MessageID: "msg-1", Status: ledger.StatusSuccess}) > 0
	})
	fmt.Println("feedback:", err)

	fmt.Print(led.Timeline(ledger.Filter{MessageID: "msg-1"}))
	for _, p := range led.Account(ledger.Rules{End: at(2000), MaxDeliveryCount: 10}).Problems() {
		fmt.Println(p)
	}
	// Output:
	// feedback: <nil>
	// +0.000s   msg-1  sent to thermostat-1 (ack full, correlation-id order-17)
	// +0.004s   msg-1  accepted
	// +0.010s   msg-1  delivered to thermostat-1 (delivery count 0)
	// +0.011s   msg-1  complete by thermostat-1
	// +1.020s   msg-1  feedback Success
	// msg-2 to thermostat-1: fate unknown: accepted at +0.022s; never delivered; no settlement, feedback, purge or expiry accounts for it
}
