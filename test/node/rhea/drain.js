'use strict';
// Grants 10 credits on AMQP_ADDRESS, which holds 3 messages, receives them,
// then drains: the server must use up the other 7 and answer with a flow that
// has drain set and no credit left.
const { run, env } = require('./lib.js');

run((conn, done) => {
  const verdict = { ok: false, received: 0 };
  const receiver = conn.open_receiver({ source: { address: env.AMQP_ADDRESS || '/q' }, credit_window: 0 });
  receiver.on('receiver_open', () => receiver.add_credit(10));
  receiver.on('message', () => {
    if (++verdict.received === 3) receiver.drain_credit();
  });
  receiver.on('receiver_drained', () => {
    Object.assign(verdict, { credit: receiver.credit, deliveryCount: receiver.delivery_count });
    done(Object.assign(verdict, { ok: receiver.credit === 0 && receiver.delivery_count === 10 }));
  });
});
