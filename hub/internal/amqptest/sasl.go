package amqptest

import (
	"bufio"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/Azure/go-amqp"
	"github.com/hubspec/hubspec/internal/amqpwire"
)

// DialSASL opens a TLS connection that authenticates with the SASL mechanism
// (MSSBCBS with an empty initial response, as the C SDK's devices do), then
// hands the connection to go-amqp, which speaks AMQP from the AMQP header on.
// go-amqp has no MSSBCBS mechanism of its own.
func DialSASL(ctx context.Context, h Hub, mechanism string) (*amqp.Conn, error) {
	d := tls.Dialer{Config: h.TLS}
	nc, err := d.DialContext(ctx, "tcp", h.Addr)
	if err != nil {
		return nil, err
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = nc.SetDeadline(dl)
	}
	if err := saslExchange(nc, amqpwire.Symbol(mechanism)); err != nil {
		_ = nc.Close()
		return nil, err
	}
	_ = nc.SetDeadline(time.Time{})
	return amqp.NewConn(ctx, nc, &amqp.ConnOptions{HostName: h.TLS.ServerName})
}

func saslExchange(nc net.Conn, mechanism amqpwire.Symbol) error {
	if _, err := nc.Write(amqpwire.ProtoHeader{ID: amqpwire.ProtoSASL, Major: 1}.Bytes()); err != nil {
		return err
	}
	br := bufio.NewReader(nc) // the hub sends nothing after sasl-outcome until our AMQP header
	header := make([]byte, 8)
	if _, err := io.ReadFull(br, header); err != nil {
		return fmt.Errorf("SASL header: %w", err)
	}
	fr := amqpwire.NewFrameReader(br, 65536)
	if _, err := fr.ReadFrame(); err != nil { // sasl-mechanisms
		return fmt.Errorf("sasl-mechanisms: %w", err)
	}
	init, err := amqpwire.AppendFrame(nil, 0, &amqpwire.SASLInit{Mechanism: mechanism, InitialResponse: []byte{}})
	if err != nil {
		return err
	}
	if _, err := nc.Write(init); err != nil {
		return err
	}
	f, err := fr.ReadFrame()
	if err != nil {
		return fmt.Errorf("sasl-outcome: %w", err)
	}
	if o, ok := f.Body.(*amqpwire.SASLOutcome); !ok || o.Code != amqpwire.SASLCodeOK {
		return fmt.Errorf("SASL %s refused: %+v", mechanism, f.Body)
	}
	return nil
}
