'use strict';
// Sends COUNT messages to AMQP_ADDRESS, waits until the server has accepted
// them all, then receives COUNT from it and checks their bodies and order.
// RCV_SETTLE_MODE is first or second on both links; SIZE pads the bodies.
const { run, body, env } = require('./lib.js');

const count = Number(env.COUNT || 10);
const size = Number(env.SIZE || 0);
const rcvSettleMode = env.RCV_SETTLE_MODE === 'second' ? 1 : 0;
const address = env.AMQP_ADDRESS || '/q';

run((conn, done, rhea) => {
  const verdict = { ok: false, accepted: 0, received: 0, mismatches: 0, tagLengths: [] };
  let sent = 0;
  const sender = conn.open_sender({ target: { address }, rcv_settle_mode: rcvSettleMode });
  sender.on('sendable', () => {
    while (sender.sendable() && sent < count) {
      sender.send({ body: rhea.message.data_section(Buffer.from(body(sent, size))) });
      sent++;
    }
  });
  sender.on('rejected', (ctx) => done(Object.assign(verdict, { error: 'rejected: ' + JSON.stringify(ctx.delivery.remote_state) })));
  sender.on('accepted', (ctx) => {
    // in rcv-settle-mode second the server's outcome comes unsettled and rhea
    // leaves settling to the application
    if (!ctx.delivery.remote_settled) ctx.delivery.update(true);
    if (++verdict.accepted === count) receive(conn, verdict, done);
  });
});

function receive(conn, verdict, done) {
  const receiver = conn.open_receiver({ source: { address }, autoaccept: false, credit_window: 100, rcv_settle_mode: rcvSettleMode });
  receiver.on('message', (ctx) => {
    const want = body(verdict.received, size);
    const got = Buffer.from(ctx.message.body.content).toString();
    if (got !== want) verdict.mismatches++;
    if (!verdict.tagLengths.includes(ctx.delivery.tag.length)) verdict.tagLengths.push(ctx.delivery.tag.length);
    ctx.delivery.accept();
    if (++verdict.received === count) done(Object.assign(verdict, { ok: verdict.mismatches === 0 }));
  });
}
