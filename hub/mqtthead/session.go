package mqtthead

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"

	mqtt "github.com/mochi-mqtt/server/v2"
	"github.com/mochi-mqtt/server/v2/packets"

	"github.com/hubspec/hubspec/hub/core"
)

// maxTopicLength is the longest topic an MQTT packet can carry (a 16-bit
// length prefix).
const maxTopicLength = 65535

// session is one accepted MQTT connection of a device: its C2D receiver in
// the core, its subscription and its in-flight window. A pump goroutine,
// owned by the session and stopped by close, delivers messages; the
// connection's read loop (mochi's, through the hook) reports subscriptions and
// PUBACKs.
type session struct {
	deviceID string
	client   *mqtt.Client
	receiver *core.DeviceReceiver
	window   int
	log      *slog.Logger

	wake    chan struct{} // buffered(1): a message or window room may be available
	quit    chan struct{} // closed by close
	done    chan struct{} // closed when the pump returns
	started bool          // the pump runs; only the connection's goroutine reads or writes it

	mu         sync.Mutex // guards the fields below; taken before any core lock
	subscribed bool
	qos        byte
	inflight   inflight
}

func newSession(cl *mqtt.Client, window int, log *slog.Logger) *session {
	return &session{
		deviceID: cl.ID,
		client:   cl,
		window:   window,
		log:      log.With("device", cl.ID),
		wake:     make(chan struct{}, 1),
		quit:     make(chan struct{}),
		done:     make(chan struct{}),
		inflight: newInflight(),
	}
}

// notify is the core's wake-up call; it never blocks.
func (s *session) notify() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// start runs the pump. It is called once the CONNACK is out, so that no
// PUBLISH precedes it.
func (s *session) start() {
	s.started = true
	s.refreshSubscription()
	go s.run()
}

// close stops the pump, waits for it, and closes the receiver: whatever the
// device has not acknowledged returns to the queue without counting a
// delivery.
func (s *session) close() {
	close(s.quit)
	if s.started {
		<-s.done
	}
	s.receiver.Close()
}

// refreshSubscription reads the device's devicebound subscription from the
// broker's session state (also one inherited by a clean-session=0 reconnect)
// and wakes the pump.
func (s *session) refreshSubscription() {
	sub, ok := s.client.State.Subscriptions.Get(deviceboundFilter(s.deviceID))
	s.mu.Lock()
	s.subscribed, s.qos = ok, min(sub.Qos, 1)
	s.mu.Unlock()
	s.notify()
}

// acknowledge completes the delivery a PUBACK names. A PUBACK for an unknown
// packet id, or one whose lock is lost (expired, message gone), changes
// nothing.
func (s *session) acknowledge(packetID uint16) {
	s.mu.Lock()
	token, ok := s.inflight.acknowledge(packetID)
	s.mu.Unlock()
	if !ok {
		return
	}
	if err := s.receiver.Complete(token); err != nil {
		s.log.Debug("PUBACK for a message whose lock is lost", "packet", packetID, "error", err)
	}
	s.notify()
}

func (s *session) run() {
	defer close(s.done)
	for {
		select {
		case <-s.quit:
			return
		case <-s.wake:
		}
		if err := s.deliverAvailable(); err != nil {
			s.client.Stop(err)
			return
		}
	}
}

// deliverAvailable sends messages while the device is subscribed, the window
// has room and the queue has one. An error means the connection is no longer
// usable.
func (s *session) deliverAvailable() error {
	for {
		select {
		case <-s.quit:
			return nil
		default:
		}
		qos, ok := s.room()
		if !ok {
			return nil
		}
		d, got, err := s.receiver.TryReceive()
		if err != nil {
			return fmt.Errorf("device %s: %w", s.deviceID, err)
		}
		if !got {
			return nil
		}
		if err := s.deliver(d, qos); err != nil {
			return err
		}
	}
}

// room reports whether another message may go out, and at which QoS.
func (s *session) room() (qos byte, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.subscribed {
		return 0, false
	}
	if s.qos == 0 {
		return 0, true
	}
	return 1, s.inflight.hasRoom(s.window, s.receiver.Holds)
}

// deliver publishes d. At QoS 0 the message is complete once written (fire
// and forget); at QoS 1 it stays locked until the PUBACK.
func (s *session) deliver(d core.Delivery, qos byte) error {
	pk := packets.Packet{
		FixedHeader: packets.FixedHeader{Type: packets.Publish, Qos: qos},
		TopicName:   deviceboundTopic(s.deviceID, d.Message),
		Payload:     d.Message.Body,
	}
	if len(pk.TopicName) > maxTopicLength {
		return s.undeliverable(d, len(pk.TopicName))
	}
	if qos > 0 {
		s.mu.Lock()
		pk.PacketID, pk.FixedHeader.Dup = s.inflight.track(d, s.window, s.receiver.Holds)
		s.mu.Unlock()
	}
	if err := s.client.WritePacket(pk); err != nil {
		return fmt.Errorf("device %s: publish C2D message: %w", s.deviceID, err)
	}
	if qos == 0 {
		return s.complete(d.LockToken)
	}
	return nil
}

// undeliverable dead-letters a message whose percent-encoded properties do
// not fit in an MQTT topic: it can never reach an MQTT device.
func (s *session) undeliverable(d core.Delivery, topicLength int) error {
	s.log.Warn("C2D message dead-lettered: its property bag does not fit in an MQTT topic",
		"sequenceNumber", d.Message.SequenceNumber, "topicBytes", topicLength, "limit", maxTopicLength)
	if err := s.receiver.Reject(d.LockToken); err != nil && !errors.Is(err, core.ErrLockLost) {
		return err
	}
	return nil
}

// complete completes a fire-and-forget delivery; a lock lost meanwhile (the
// message expired) is no error.
func (s *session) complete(t core.LockToken) error {
	err := s.receiver.Complete(t)
	if err != nil && !errors.Is(err, core.ErrLockLost) {
		return err
	}
	return nil
}
