'use strict';
// Shared by the rhea interop scripts. The Go tests in internal/amqpserver start
// a server, run a script with `node`, and read one JSON verdict from stdout.
//
// Environment: AMQP_HOST, AMQP_PORT, AMQP_ADDRESS (the node, default /q),
// AMQP_CA (PEM file: connect with TLS), AMQP_SASL (none | anonymous | plain),
// AMQP_USER and AMQP_PASSWORD (PLAIN), AMQP_MAX_FRAME_SIZE, AMQP_IDLE_TIME_OUT (ms),
// TIMEOUT_MS (default 60000).
const fs = require('fs');
const rhea = require('rhea');

const env = process.env;

// connectOptions builds rhea's connect options from the environment.
function connectOptions() {
  const o = { host: env.AMQP_HOST, port: Number(env.AMQP_PORT), reconnect: false, container_id: 'rhea-interop' };
  if (env.AMQP_CA) {
    Object.assign(o, { transport: 'tls', ca: [fs.readFileSync(env.AMQP_CA)], servername: 'localhost' });
  }
  if (env.AMQP_SASL === 'anonymous') o.username = 'anonymous';
  if (env.AMQP_SASL === 'plain') Object.assign(o, { username: env.AMQP_USER, password: env.AMQP_PASSWORD });
  if (env.AMQP_MAX_FRAME_SIZE) o.max_frame_size = Number(env.AMQP_MAX_FRAME_SIZE);
  if (env.AMQP_IDLE_TIME_OUT) o.idle_time_out = Number(env.AMQP_IDLE_TIME_OUT);
  return o;
}

// run connects, hands the connection to script and prints its verdict. The
// script calls done(verdict) once; errors and the timeout print {ok:false}.
function run(script) {
  const container = rhea.create_container({ id: 'rhea-interop' });
  const conn = container.connect(connectOptions());
  let finished = false;
  const done = (verdict) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    process.stdout.write(JSON.stringify(verdict) + '\n');
    conn.close();
    setTimeout(() => process.exit(0), 200).unref();
  };
  const timer = setTimeout(() => done({ ok: false, error: 'timed out' }), Number(env.TIMEOUT_MS || 60000));
  conn.on('connection_error', (ctx) => done({ ok: false, error: 'connection error: ' + describe(ctx.connection.error) }));
  conn.on('disconnected', (ctx) => done({ ok: false, error: 'disconnected: ' + describe(ctx.error) }));
  script(conn, done, rhea);
}

function describe(err) {
  if (!err) return 'no error';
  return (err.condition || err.code || '') + ' ' + (err.description || err.message || '');
}

// body returns the body of message i: its number, padded to size bytes.
function body(i, size) {
  const s = String(i);
  return size > s.length ? s + '.'.repeat(size - s.length) : s;
}

module.exports = { run, body, env, describe };
