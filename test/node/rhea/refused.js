'use strict';
// Attaches a receiver to /nowhere and a sender to /locked; the server refuses
// both. Reports the error condition each link was detached with.
const { run } = require('./lib.js');

// isNull: rhea leaves a null terminus as a Typed null, not as JS null.
function isNull(v) {
  return v === null || v === undefined || (v.type !== undefined && v.type.name === 'Null');
}

run((conn, done) => {
  const verdict = { ok: false };
  const check = () => {
    if (verdict.receiver && verdict.sender) done(Object.assign(verdict, { ok: true }));
  };
  const receiver = conn.open_receiver({ source: { address: '/nowhere' } });
  // rhea reports the attach (with a null source or target) as open, then the
  // detach as the error
  receiver.on('receiver_error', (ctx) => {
    verdict.receiver = ctx.receiver.error.condition;
    verdict.nullSource = isNull(ctx.receiver.remote.attach.source);
    check();
  });
  const sender = conn.open_sender({ target: { address: '/locked' } });
  sender.on('sender_error', (ctx) => {
    verdict.sender = ctx.sender.error.condition;
    verdict.nullTarget = isNull(ctx.sender.remote.attach.target);
    check();
  });
});
