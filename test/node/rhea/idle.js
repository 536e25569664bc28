'use strict';
// Opens a connection that advertises AMQP_IDLE_TIME_OUT, stays idle for
// IDLE_MS, then checks it still carries a message. lib.js fails the run if the
// connection drops meanwhile.
const { run, env } = require('./lib.js');

run((conn, done, rhea) => {
  const address = env.AMQP_ADDRESS || '/q';
  conn.on('connection_open', () => {
    setTimeout(() => {
      const sender = conn.open_sender({ target: { address } });
      sender.once('sendable', () => sender.send({ body: rhea.message.data_section(Buffer.from('still here')) }));
      sender.on('accepted', () => {
        const receiver = conn.open_receiver({ source: { address } });
        receiver.on('message', (ctx) => done({ ok: Buffer.from(ctx.message.body.content).toString() === 'still here' }));
      });
    }, Number(env.IDLE_MS || 10000));
  });
});
