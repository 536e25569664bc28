package iothub

import (
	"context"
	"testing"
	"time"
)

// publish is a received PUBLISH as paho hands it over; it counts the
// PUBACKs asked of it.
type publish struct {
	id    uint16
	dup   bool
	qos   byte
	topic string
	acks  *int
}

func (p publish) Duplicate() bool   { return p.dup }
func (p publish) Qos() byte         { return p.qos }
func (p publish) Retained() bool    { return false }
func (p publish) Topic() string     { return p.topic }
func (p publish) MessageID() uint16 { return p.id }
func (p publish) Payload() []byte   { return nil }
func (p publish) Ack()              { *p.acks++ }

// TestPUBACKIsSentOncePerPacketID drives one connection's bookkeeping
// without a network: what the hub redelivers with DUP under an id awaiting
// its PUBACK is handed out again and shares that one PUBACK; a DUP copy that
// crossed the PUBACK is dropped; a new message under a freed id gets its own.
func TestPUBACKIsSentOncePerPacketID(t *testing.T) {
	d := &MQTTDevice{id: "dev1", inbox: make(chan *mqttDelivery, 10)}
	c := newMQTTConn(d, time.Time{})
	acks := 0
	c2d := deviceboundPrefix("dev1") + "/a=1"
	deliver := func(p publish) *mqttDelivery {
		t.Helper()
		p.acks, p.topic = &acks, c2d
		c.onPublish(nil, p)
		select {
		case dv := <-d.inbox:
			return dv
		default:
			return nil
		}
	}
	first := deliver(publish{id: 5, qos: 1})
	again := deliver(publish{id: 5, qos: 1, dup: true})
	if first == nil || again == nil {
		t.Fatal("the first delivery and its DUP copy must both be handed out")
	}
	mustAck(t, c, again)
	mustAck(t, c, first)
	if acks != 1 {
		t.Fatalf("PUBACKs for one packet id = %d; want 1", acks)
	}
	if late := deliver(publish{id: 5, qos: 1, dup: true}); late != nil {
		t.Error("a DUP copy of an acknowledged id was handed out")
	}
	next := deliver(publish{id: 5, qos: 1})
	mustAck(t, c, next)
	if acks != 2 {
		t.Errorf("PUBACKs = %d; want 2 after a new message under the freed id", acks)
	}
	if len(c.pending) != 0 {
		t.Errorf("pending = %v; want none", c.pending)
	}
}

func mustAck(t *testing.T, c *mqttConn, dv *mqttDelivery) {
	t.Helper()
	if err := dv.settle(context.Background(), dispositionComplete); err != nil {
		t.Fatal(err)
	}
}

func TestPublishesOutsideTheDeviceboundTopicAreAcknowledgedAndDropped(t *testing.T) {
	d := &MQTTDevice{id: "dev1", inbox: make(chan *mqttDelivery, 10)}
	c := newMQTTConn(d, time.Time{})
	acks := 0
	for _, topic := range []string{"$iothub/twin/res/200/?$rid=1", deviceboundPrefix("dev2") + "/a=1"} {
		c.onPublish(nil, publish{id: 1, qos: 1, topic: topic, acks: &acks})
	}
	if len(d.inbox) != 0 || acks != 2 {
		t.Errorf("inbox %d, PUBACKs %d; want 0 handed out, 2 acknowledged", len(d.inbox), acks)
	}
}

func TestQoS0MessagesAreNotTracked(t *testing.T) {
	d := &MQTTDevice{id: "dev1", inbox: make(chan *mqttDelivery, 10)}
	c := newMQTTConn(d, time.Time{})
	acks := 0
	c.onPublish(nil, publish{qos: 0, topic: deviceboundPrefix("dev1") + "/", acks: &acks})
	dv := <-d.inbox
	mustAck(t, c, dv)
	if len(c.pending) != 0 {
		t.Errorf("pending = %v; want none for QoS 0", c.pending)
	}
}
