package iothub

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// The system properties of an MQTT property bag (spec §6.3), as they read
// once percent-decoded ("%24.mid" on the wire).
const (
	mqttPropMessageID       = "$.mid"
	mqttPropCorrelationID   = "$.cid"
	mqttPropTo              = "$.to"
	mqttPropUserID          = "$.uid"
	mqttPropContentType     = "$.ct"
	mqttPropContentEncoding = "$.ce"
	mqttPropExpiry          = "$.exp"
)

// errNotDevicebound says a topic is not a C2D topic of the device.
var errNotDevicebound = errors.New("not a devicebound topic of this device")

// deviceboundPrefix is what every C2D topic of deviceID starts with.
func deviceboundPrefix(deviceID string) string {
	return "devices/" + deviceID + "/messages/devicebound"
}

// deviceboundFilter is the subscription every SDK makes (spec §6.2).
func deviceboundFilter(deviceID string) string {
	return deviceboundPrefix(deviceID) + "/#"
}

// propertyBagOf returns the property bag of a C2D topic of deviceID:
// what follows devices/{id}/messages/devicebound/. The hub always writes the
// slash before the bag; a topic without it has an empty bag.
func propertyBagOf(topic, deviceID string) (string, error) {
	rest, ok := strings.CutPrefix(topic, deviceboundPrefix(deviceID))
	if !ok {
		return "", errNotDevicebound
	}
	if rest == "" {
		return "", nil
	}
	bag, ok := strings.CutPrefix(rest, "/")
	if !ok {
		return "", errNotDevicebound
	}
	return bag, nil
}

// decodePropertyBag reads a property bag into m, as the official SDKs do
// (spec §6.3): '&'-separated key=value pairs, each key and value
// percent-decoded ('+' stays '+', as with decodeURIComponent). The $. names
// fill the system properties, iothub-ack the ack mode, anything else is an
// application property. A pair without '=' has an empty value; empty pairs
// are skipped; of a repeated key the last wins.
func decodePropertyBag(bag string, m *Message) error {
	if m.Properties == nil {
		m.Properties = map[string]string{}
	}
	for i, pair := range strings.Split(bag, "&") {
		if pair == "" {
			continue
		}
		key, value, err := decodePair(pair)
		if err == nil {
			err = setProperty(m, key, value)
		}
		if err != nil {
			return fmt.Errorf("property bag, pair %d %q: %w", i+1, clip(pair, 64), err)
		}
	}
	return nil
}

func decodePair(pair string) (key, value string, err error) {
	rawKey, rawValue, _ := strings.Cut(pair, "=")
	if key, err = url.PathUnescape(rawKey); err != nil {
		return "", "", fmt.Errorf("key: %w", err)
	}
	if value, err = url.PathUnescape(rawValue); err != nil {
		return "", "", fmt.Errorf("value: %w", err)
	}
	return key, value, nil
}

// setProperty puts one decoded property where it belongs in m.
func setProperty(m *Message, key, value string) error {
	if field := systemProperty(m, key); field != nil {
		*field = value
		return nil
	}
	switch key {
	case propAck:
		m.Ack = AckMode(value)
	case mqttPropExpiry:
		t, err := parseExpiry(value)
		if err != nil {
			return err
		}
		m.ExpiryTime = t
	default:
		m.Properties[key] = value
	}
	return nil
}

// systemProperty is the field of m that a string system property fills,
// or nil.
func systemProperty(m *Message, key string) *string {
	switch key {
	case mqttPropMessageID:
		return &m.MessageID
	case mqttPropCorrelationID:
		return &m.CorrelationID
	case mqttPropTo:
		return &m.To
	case mqttPropUserID:
		return &m.UserID
	case mqttPropContentType:
		return &m.ContentType
	case mqttPropContentEncoding:
		return &m.ContentEncoding
	}
	return nil
}

// parseExpiry reads $.exp: ISO-8601, as IoT Hub writes it
// (2030-01-01T00:00:00.0000000Z), with any number of fractional digits and a
// zone offset or none (then UTC).
func parseExpiry(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil && t.UTC().Year() >= 1 && t.UTC().Year() <= 9999 {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%s is not an ISO-8601 time", mqttPropExpiry)
}
