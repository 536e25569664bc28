package amqpwire

// Descriptor codes of the described types this package knows (domain 0x00000000).
const (
	descOpen        uint64 = 0x10
	descBegin       uint64 = 0x11
	descAttach      uint64 = 0x12
	descFlow        uint64 = 0x13
	descTransfer    uint64 = 0x14
	descDisposition uint64 = 0x15
	descDetach      uint64 = 0x16
	descEnd         uint64 = 0x17
	descClose       uint64 = 0x18
	descError       uint64 = 0x1d
	descReceived    uint64 = 0x23
	descAccepted    uint64 = 0x24
	descRejected    uint64 = 0x25
	descReleased    uint64 = 0x26
	descModified    uint64 = 0x27
	descSource      uint64 = 0x28
	descTarget      uint64 = 0x29

	descSASLMechanisms uint64 = 0x40
	descSASLInit       uint64 = 0x41
	descSASLChallenge  uint64 = 0x42
	descSASLResponse   uint64 = 0x43
	descSASLOutcome    uint64 = 0x44

	descHeader                uint64 = 0x70
	descDeliveryAnnotations   uint64 = 0x71
	descMessageAnnotations    uint64 = 0x72
	descProperties            uint64 = 0x73
	descApplicationProperties uint64 = 0x74
	descData                  uint64 = 0x75
	descAMQPSequence          uint64 = 0x76
	descAMQPValue             uint64 = 0x77
	descFooter                uint64 = 0x78
)

// descriptorBySymbol maps the symbolic descriptors a peer may use instead of the
// numeric ones.
var descriptorBySymbol = map[Symbol]uint64{
	"amqp:open:list":                  descOpen,
	"amqp:begin:list":                 descBegin,
	"amqp:attach:list":                descAttach,
	"amqp:flow:list":                  descFlow,
	"amqp:transfer:list":              descTransfer,
	"amqp:disposition:list":           descDisposition,
	"amqp:detach:list":                descDetach,
	"amqp:end:list":                   descEnd,
	"amqp:close:list":                 descClose,
	"amqp:error:list":                 descError,
	"amqp:received:list":              descReceived,
	"amqp:accepted:list":              descAccepted,
	"amqp:rejected:list":              descRejected,
	"amqp:released:list":              descReleased,
	"amqp:modified:list":              descModified,
	"amqp:source:list":                descSource,
	"amqp:target:list":                descTarget,
	"amqp:sasl-mechanisms:list":       descSASLMechanisms,
	"amqp:sasl-init:list":             descSASLInit,
	"amqp:sasl-challenge:list":        descSASLChallenge,
	"amqp:sasl-response:list":         descSASLResponse,
	"amqp:sasl-outcome:list":          descSASLOutcome,
	"amqp:header:list":                descHeader,
	"amqp:delivery-annotations:map":   descDeliveryAnnotations,
	"amqp:message-annotations:map":    descMessageAnnotations,
	"amqp:properties:list":            descProperties,
	"amqp:application-properties:map": descApplicationProperties,
	"amqp:data:binary":                descData,
	"amqp:amqp-sequence:list":         descAMQPSequence,
	"amqp:amqp-value:*":               descAMQPValue,
	"amqp:footer:map":                 descFooter,
}

// descriptorCode reads a descriptor and returns its numeric code; symbolic
// descriptors this package does not know yield 0 with ok set.
func (d *decoder) descriptorCode() uint64 {
	switch v := d.descriptor().(type) {
	case uint64:
		return v
	case Symbol:
		return descriptorBySymbol[v]
	}
	return 0
}
