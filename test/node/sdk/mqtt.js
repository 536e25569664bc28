// The official MQTT device transport (azure-iot-device-mqtt) against
// `hubspec hub`, reached only through the lines the hub prints (hub.env):
// azure-iothub's Registry creates the device, its Client sends over AMQP with
// properties that need percent-encoding in the MQTT topic, the device
// receives them over MQTT, complete() resolves, reject() and abandon() fail
// with NotImplementedError (spec §12 item 8), and the service gets Success
// feedback for both messages (an MQTT device acknowledges with PUBACK, so
// there is no Rejected over MQTT).
//
// Environment: IOTHUB_CONNECTION_STRING, IOTHUB_AMQP_ADDR, IOTHUB_HTTPS_ADDR,
// IOTHUB_MQTT_ADDR as `hubspec hub` prints them; NODE_EXTRA_CA_CERTS set to
// IOTHUB_CA_FILE before node starts.
'use strict';

const https = require('https');
const { Client: ServiceClient, Registry } = require('azure-iothub');
const { Message } = require('azure-iot-common');
const { Client: DeviceClient } = require('azure-iot-device');
const { Mqtt } = require('azure-iot-device-mqtt');
const { check, run, call, expectError, Queue, env } = require('./lib');

const FIRST = '6c0e8b1e-3b9f-4e43-9a4f-2d1c5b7e9a10'; // a UUID: sent as an AMQP uuid, read back as text
const PROPS = {
  path: 'a/b/c',
  query: 'x&y=z',
  'with space': 'value 1',
  unicode: 'ünïcødé 温度',
  percent: '100%',
  plus: '1+1',
  $dollar: '$5',
};

// withPort puts the port of a host:port address into HostName, as the Node
// SDKs take a port other than the protocol's default (spec §10.2).
function withPort(cs, addr) {
  const port = addr.slice(addr.lastIndexOf(':') + 1);
  return cs.replace(/HostName=([^;:]+)(:\d+)?;/, `HostName=$1:${port};`);
}

// registryFor reaches the HTTPS head wherever it listens: the Registry dials
// port 443 only (spec §10.3), so another port needs the agent override.
function registryFor(cs, httpsAddr) {
  const registry = Registry.fromConnectionString(cs);
  const port = Number(httpsAddr.slice(httpsAddr.lastIndexOf(':') + 1));
  if (port !== 443) {
    class PortAgent extends https.Agent {
      createConnection(options, cb) { return super.createConnection({ ...options, port }, cb); }
    }
    registry._restApiClient.setOptions({ http: { agent: new PortAgent() } });
  }
  return registry;
}

function firstMessage(expiry) {
  const m = new Message('{"setpoint":21.5}');
  m.messageId = FIRST;
  m.correlationId = 'corr/1 & 2=3';
  m.contentType = 'application/json';
  m.contentEncoding = 'utf-8';
  m.expiryTimeUtc = expiry; // milliseconds: rhea 1.0.24 cannot encode a Date
  m.ack = 'full';
  for (const [k, v] of Object.entries(PROPS)) m.properties.add(k, v);
  return m;
}

function checkFirstMessage(msg, deviceId, expiry) {
  const props = {};
  for (const p of msg.properties.propertyList) props[p.key] = p.value;
  check('device receives the body', msg.data.toString() === '{"setpoint":21.5}', msg.data.toString());
  check('device receives messageId (a UUID)', msg.messageId === FIRST, msg.messageId);
  check('device receives correlationId with /, &, = and a space', msg.correlationId === 'corr/1 & 2=3', msg.correlationId);
  check('device receives to', msg.to === `/devices/${deviceId}/messages/devicebound`, msg.to);
  check('device receives contentType and contentEncoding', msg.contentType === 'application/json' && msg.contentEncoding === 'utf-8', `${msg.contentType} ${msg.contentEncoding}`);
  check('device receives expiryTimeUtc', msg.expiryTimeUtc && new Date(msg.expiryTimeUtc).getTime() === expiry, msg.expiryTimeUtc);
  check('iothub-ack arrives as a custom property', props['iothub-ack'] === 'full', props['iothub-ack']);
  const wrong = Object.entries(PROPS).filter(([k, v]) => props[k] !== v);
  check('device receives the application properties that need percent-encoding', wrong.length === 0, JSON.stringify(props));
}

// settleAsMQTTCan completes the first message, and tries to reject and
// abandon the second, which the MQTT transport refuses.
async function settleAsMQTTCan(device, inbox, deviceId, expiry) {
  const got = await inbox.next(20000, 'C2D message over MQTT');
  checkFirstMessage(got, deviceId, expiry);
  const completed = await call(device.complete.bind(device), got);
  check('complete resolves MessageCompleted', completed && completed.constructor.name === 'MessageCompleted', completed && completed.constructor.name);

  const second = await inbox.next(20000, 'second C2D message over MQTT');
  check('device receives the second message', second.messageId === 'not-rejectable', second.messageId);
  await expectError('reject is NotImplementedError over MQTT', 'NotImplementedError', () => call(device.reject.bind(device), second));
  await expectError('abandon is NotImplementedError over MQTT', 'NotImplementedError', () => call(device.abandon.bind(device), second));
}

async function feedbackRecords(service) {
  const receiver = await call(service.getFeedbackReceiver.bind(service));
  const records = new Queue();
  receiver.on('message', (m) => {
    for (const r of JSON.parse(m.getData().toString())) records.push(r);
    receiver.complete(m, () => {});
  });
  return records;
}

run('mqtt', async () => {
  const ownerCs = env('IOTHUB_CONNECTION_STRING');
  const registry = registryFor(ownerCs, env('IOTHUB_HTTPS_ADDR'));
  const deviceId = 'node-mqtt-' + Date.now();
  const created = await call(registry.create.bind(registry), { deviceId });
  const host = /HostName=([^;]+)/.exec(ownerCs)[1];
  const deviceCs = `HostName=${host};DeviceId=${deviceId};SharedAccessKey=${created.authentication.symmetricKey.primaryKey}`;

  const service = ServiceClient.fromConnectionString(withPort(ownerCs, env('IOTHUB_AMQP_ADDR')));
  await call(service.open.bind(service));
  const records = await feedbackRecords(service);

  const device = DeviceClient.fromConnectionString(withPort(deviceCs, env('IOTHUB_MQTT_ADDR')), Mqtt);
  await call(device.open.bind(device));
  const inbox = new Queue();
  device.on('message', (m) => inbox.push(m));
  check('device opens over MQTT', true);

  const expiry = Date.now() + 3600 * 1000;
  const sent = await call(service.send.bind(service), deviceId, firstMessage(expiry));
  check('send resolves MessageEnqueued', sent && sent.constructor.name === 'MessageEnqueued', sent && sent.constructor.name);
  const second = new Message('try to reject me');
  second.messageId = 'not-rejectable';
  second.ack = 'full';
  await call(service.send.bind(service), deviceId, second);

  await settleAsMQTTCan(device, inbox, deviceId, expiry);

  const seen = {};
  while (Object.keys(seen).length < 2) {
    const r = await records.next(20000, 'feedback record');
    seen[r.originalMessageId] = r;
  }
  for (const id of [FIRST, 'not-rejectable']) {
    const r = seen[id] || {};
    check(`feedback Success for ${id}`, r.statusCode === 'Success' && r.deviceId === deviceId, JSON.stringify(r));
  }

  await call(device.close.bind(device));
  await call(service.close.bind(service));
  await call(registry.delete.bind(registry), deviceId);
  check('clients close and the device is deleted', true);
});
