// The seed tutorial and every device outcome with the official SDKs:
// azure-iothub sends with messageId, correlationId, properties, ack and
// expiryTimeUtc; azure-iot-device over AMQP receives every property and
// completes, rejects and abandons; the feedback receiver gets Success,
// Rejected and DeliveryCountExceeded. The hub runs with maxDeliveryCount 2.
'use strict';

const { Client: ServiceClient } = require('azure-iothub');
const { Message } = require('azure-iot-common');
const { Client: DeviceClient } = require('azure-iot-device');
const { Amqp } = require('azure-iot-device-amqp');
const { check, run, call, Queue, env } = require('./lib');

const DEVICE = 'node-device';
const FIRST = 'c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f'; // a UUID: sent as an AMQP uuid

function c2d(id, body) {
  const m = new Message(body);
  m.messageId = id;
  m.ack = 'full';
  return m;
}

function checkFirstMessage(msg, expiry) {
  const props = {};
  for (const p of msg.properties.propertyList) props[p.key] = p.value;
  check('device receives the body', msg.data.toString() === '{"setpoint":21.5}', msg.data.toString());
  check('device receives messageId (a UUID)', msg.messageId === FIRST, msg.messageId);
  check('device receives correlationId', msg.correlationId === 'corr-1', msg.correlationId);
  check('device receives to', msg.to === `/devices/${DEVICE}/messages/devicebound`, msg.to);
  check('device receives ack', msg.ack === 'full', msg.ack);
  check('device receives contentType and contentEncoding', msg.contentType === 'application/json' && msg.contentEncoding === 'utf-8', `${msg.contentType} ${msg.contentEncoding}`);
  check('device receives expiryTimeUtc', msg.expiryTimeUtc && new Date(msg.expiryTimeUtc).getTime() === expiry, msg.expiryTimeUtc);
  check('device receives the application properties', props.room === 'kitchen' && props.prop1 === 'value 1' && !('iothub-ack' in props), JSON.stringify(props));
}

run('c2d', async () => {
  const service = ServiceClient.fromConnectionString(env('IOTHUB_CONNECTION_STRING'));
  await call(service.open.bind(service));
  const receiver = await call(service.getFeedbackReceiver.bind(service));
  const records = new Queue();
  receiver.on('message', (m) => {
    for (const r of JSON.parse(m.getData().toString())) records.push(r);
    receiver.complete(m, () => {});
  });

  const device = DeviceClient.fromConnectionString(env('DEVICE_CONNECTION_STRING'), Amqp);
  await call(device.open.bind(device));
  const inbox = new Queue();
  device.on('message', (m) => inbox.push(m));

  // A number of milliseconds: rhea 1.0.24, which the SDK uses, cannot encode
  // a Date as absolute-expiry-time ("value.copy is not a function").
  const expiry = Date.now() + 3600 * 1000;
  const first = c2d(FIRST, '{"setpoint":21.5}');
  first.correlationId = 'corr-1';
  first.contentType = 'application/json';
  first.contentEncoding = 'utf-8';
  first.expiryTimeUtc = expiry;
  first.properties.add('room', 'kitchen');
  first.properties.add('prop1', 'value 1');
  const sent = await call(service.send.bind(service), DEVICE, first);
  check('send resolves MessageEnqueued', sent && sent.constructor.name === 'MessageEnqueued', sent && sent.constructor.name);

  const got = await inbox.next(20000, 'C2D message');
  checkFirstMessage(got, expiry);
  const completed = await call(device.complete.bind(device), got);
  check('complete resolves MessageCompleted', completed.constructor.name === 'MessageCompleted', completed.constructor.name);

  await call(service.send.bind(service), DEVICE, c2d('to-reject', 'no thanks'));
  const rejected = await call(device.reject.bind(device), await inbox.next(20000, 'message to reject'));
  check('reject resolves MessageRejected', rejected.constructor.name === 'MessageRejected', rejected.constructor.name);

  await call(service.send.bind(service), DEVICE, c2d('to-abandon', 'later'));
  for (let i = 1; i <= 2; i++) {
    const m = await inbox.next(20000, `delivery ${i} of the abandoned message`);
    const abandoned = await call(device.abandon.bind(device), m);
    check(`abandon ${i} resolves MessageAbandoned`, abandoned.constructor.name === 'MessageAbandoned' && m.messageId === 'to-abandon', `${abandoned.constructor.name} ${m.messageId}`);
  }

  const want = { [FIRST]: 'Success', 'to-reject': 'Rejected', 'to-abandon': 'DeliveryCountExceeded' };
  const seen = {};
  while (Object.keys(seen).length < 3) {
    const r = await records.next(20000, 'feedback record');
    seen[r.originalMessageId] = r;
  }
  for (const [id, status] of Object.entries(want)) {
    const r = seen[id] || {};
    check(`feedback ${status} for ${id}`, r.statusCode === status && r.description === status && r.deviceId === DEVICE && /^\d{18}$/.test(r.deviceGenerationId), JSON.stringify(r));
  }

  await call(device.close.bind(device));
  await call(service.close.bind(service));
  check('clients close', true);
});
