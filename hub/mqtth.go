package hub

import (
	"context"

	"github.com/hubspec/hubspec/hub/mqtthead"
)

// addMQTTHead adds the MQTT head (hub/mqtthead): the device side of IoT Hub's
// MQTT 3.1.1 API, on IoT Hub's port 8883 or wherever Options.MQTTAddr says.
// The head gets no TLS configuration of its own: addHead hands it a listener
// that already speaks the hub's TLS.
func (s *Server) addMQTTHead(ctx context.Context) error {
	mq, err := mqtthead.New(s.core, mqtthead.Options{Logger: s.opts.Logger.With("head", "mqtt")})
	if err != nil {
		return err
	}
	return s.addHead(ctx, "MQTT", s.opts.MQTTAddr, mq.Serve, mq.Shutdown)
}
