// The error classes the official SDKs raise for the hub's refusals (spec §4.3,
// §9), with NoRetry so that a refusal is not retried for four minutes.
'use strict';

const { Client: ServiceClient } = require('azure-iothub');
const { Message, NoRetry } = require('azure-iot-common');
const { Client: DeviceClient } = require('azure-iot-device');
const { Amqp } = require('azure-iot-device-amqp');
const { check, run, call, expectError, env } = require('./lib');

// withBadKey replaces the key of a connection string with another valid one.
function withBadKey(cs) {
  return cs.replace(/SharedAccessKey=[^;]+/, 'SharedAccessKey=' + Buffer.alloc(32, 7).toString('base64'));
}

async function openService(cs) {
  const client = ServiceClient.fromConnectionString(cs);
  client.setRetryPolicy(new NoRetry());
  await call(client.open.bind(client));
  return client;
}

run('errors', async () => {
  const service = await openService(env('IOTHUB_CONNECTION_STRING'));
  const send = (id, body) => call(service.send.bind(service), id, new Message(body));

  await expectError('send to an unknown device is DeviceNotFoundError', 'DeviceNotFoundError', () => send('no-such-device', 'hello?'));

  const full = env('FULL_DEVICE_ID');
  for (let i = 0; i < 50; i++) await send(full, `message ${i}`);
  check('50 messages are queued', true);
  await expectError('the 51st message is DeviceMaximumQueueDepthExceededError', 'DeviceMaximumQueueDepthExceededError', () => send(full, 'one too many'));

  await expectError('a message over 64 KiB is MessageTooLargeError', 'MessageTooLargeError', () => send(env('SPARE_DEVICE_ID'), Buffer.alloc(65537, 'x')));
  await send(env('SPARE_DEVICE_ID'), 'the link still works');
  check('the sender still works after the refusals', true);
  await call(service.close.bind(service));

  await expectError('a service with a bad key is UnauthorizedError', 'UnauthorizedError', async () => {
    const bad = await openService(withBadKey(env('IOTHUB_CONNECTION_STRING')));
    await call(bad.send.bind(bad), full, new Message('x'));
  });

  await expectError('a device with a bad key is UnauthorizedError', 'UnauthorizedError', async () => {
    const device = DeviceClient.fromConnectionString(withBadKey(env('DEVICE_CONNECTION_STRING')), Amqp);
    device.setRetryPolicy(new NoRetry());
    await call(device.open.bind(device));
  });
});
