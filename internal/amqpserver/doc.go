// Package amqpserver is hubspec's server-side AMQP 1.0 connection engine: the
// protocol headers and SASL, connections, sessions, links, credit, settlement
// and heartbeats, on top of the codec in internal/amqpwire. The embedded IoT
// Hub's AMQP head (hub/amqphead) is a set of nodes on this engine.
//
// # Model
//
// A Server accepts connections (Serve on any net.Listener, a crypto/tls one
// for TLS; ServeConn for one net.Conn such as a net.Pipe end). After the
// security layer and the peer's open, Options.NewConnHandler returns the
// connection's ConnHandler, whose Mux maps link addresses to Nodes:
//
//	mux := amqpserver.NewMux()
//	mux.Handle("$cbs", cbsNode)
//	mux.Handle("/devices/{id}/messages/devicebound", deviceBound)
//	srv, _ := amqpserver.NewServer(amqpserver.Options{
//		NewConnHandler: func(c *amqpserver.Conn) (amqpserver.ConnHandler, error) {
//			return amqpserver.ConnHandler{Nodes: mux}, nil
//		},
//	})
//	go srv.Serve(ctx, tlsListener)
//
// A node's Attach decides about each link and returns the LinkHandler that
// receives its events: Message for deliveries the peer sends, Credit when the
// node may send (Link.Send within Link.Credit), Disposition for the peer's
// outcomes, Detached when the link is gone with the deliveries the peer never
// settled. A node that echoes every message back on the same link:
//
//	echo := amqpserver.NodeFunc(func(l *amqpserver.Link) (amqpserver.Accept, error) {
//		if l.Role() == amqpwire.RoleSender {
//			return amqpserver.Accept{}, amqpwire.NewError(amqpwire.ConditionNotAllowed, "send only")
//		}
//		return amqpserver.Accept{Handler: amqpserver.LinkHandler{
//			Message: func(d *amqpserver.Delivery) { d.Settle(amqpwire.Accepted{}) },
//		}}, nil
//	})
//
// # Goroutines and ownership
//
// Each connection has three goroutines: a read loop that decodes frames, a
// write loop that writes encoded buffers, and the connection goroutine that
// owns every piece of connection, session, link and delivery state and runs
// every callback, one at a time. There are no locks on the path of a message.
// Callbacks must not block. Other goroutines act on a connection only through
// the calls documented as safe from any goroutine: Conn.Run (run a function
// on the connection goroutine), Conn.Close, Link.Wake (a queue has messages
// for the link), Link.Detach and Session.End. The Server counts every
// goroutine it starts; Shutdown and Close return when all have ended.
//
// # Order of frames
//
// Frames go out in the order the node's calls make them: settling a delivery
// and then sending on another link of the same session writes the disposition
// before the transfer, as CBS requires. Dispositions for consecutive
// deliveries with the same outcome are merged into one frame.
//
// # Limits
//
// Options.MaxFrameSize bounds every frame; Limits bound sessions per
// connection, links per session, unsettled deliveries per link (the credit
// granted shrinks as they pile up) and reassembled message size. Malformed or
// out-of-protocol input closes that one connection with the matching AMQP
// error condition and a log line.
package amqpserver
