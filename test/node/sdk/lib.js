// Shared helpers of the SDK interop scripts: each script runs the official
// Azure IoT Node SDKs, unmodified, against hubspec's embedded hub, records
// named checks, and prints one JSON verdict line on stdout:
//   {"script":"c2d","ok":true,"checks":[{"name":"…","ok":true,"detail":"…"}]}
// The Go tests in hub/ start the hub, run the scripts and read the verdict.
'use strict';

const checks = [];
let script = 'unknown';

// check records one named expectation.
function check(name, ok, detail) {
  checks.push({ name, ok: !!ok, detail: detail === undefined ? '' : String(detail) });
}

// verdict prints the result and exits: 0 when every check passed.
function verdict(error) {
  const ok = !error && checks.length > 0 && checks.every((c) => c.ok);
  const out = { script, ok, checks };
  if (error) {
    out.error = `${error.name || 'Error'}: ${error.message}`;
  }
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(ok ? 0 : 1);
}

// run runs main with a deadline, then prints the verdict.
function run(name, main, timeoutMs = 60000) {
  script = name;
  const timer = setTimeout(() => verdict(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  main().then(() => { clearTimeout(timer); verdict(); }, (err) => { clearTimeout(timer); verdict(err); });
}

// call turns a Node-style callback API into a promise of its result.
function call(fn, ...args) {
  return new Promise((resolve, reject) => {
    fn(...args, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

// expectError runs fn and records whether it failed with an error of the
// class name want (on the error itself or, as the service client reports
// transport errors, on its amqpError).
async function expectError(name, want, fn) {
  try {
    await fn();
    check(name, false, `succeeded; want ${want}`);
  } catch (err) {
    const got = [err.name, err.constructor && err.constructor.name, err.amqpError && err.amqpError.name];
    check(name, got.includes(want), `got ${got.filter(Boolean).join('/')}: ${err.message}`);
  }
}

// queue collects events and lets a script wait for the next one.
class Queue {
  constructor() { this.items = []; this.waiters = []; }
  push(item) {
    const w = this.waiters.shift();
    if (w) w(item); else this.items.push(item);
  }
  next(timeoutMs = 20000, what = 'an event') {
    if (this.items.length > 0) return Promise.resolve(this.items.shift());
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push((item) => { clearTimeout(t); resolve(item); });
    });
  }
}

// env reads a required environment variable.
function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`environment variable ${name} is not set`);
  return v;
}

module.exports = { check, run, call, expectError, Queue, env };
