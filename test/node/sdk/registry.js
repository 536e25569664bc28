// The registry of azure-iothub against the emulator's HTTPS head: create with
// empty keys (the hub generates them), get, get of a missing device
// (DeviceNotFoundError), delete with If-Match "*".
'use strict';

const https = require('https');
const { Registry } = require('azure-iothub');
const { check, run, call, expectError, env } = require('./lib');

// The Registry dials HostName on port 443 only (spec §10.3). When the hub's
// HTTPS head is elsewhere, IOTHUB_HTTPS_PORT names the port and this agent
// redirects the connection (the documented private-field override).
function portAgent(port) {
  class PortAgent extends https.Agent {
    createConnection(options, cb) {
      return super.createConnection({ ...options, port }, cb);
    }
  }
  return new PortAgent();
}

run('registry', async () => {
  const registry = Registry.fromConnectionString(env('IOTHUB_CONNECTION_STRING'));
  if (process.env.IOTHUB_HTTPS_PORT) {
    registry._restApiClient.setOptions({ http: { agent: portAgent(Number(process.env.IOTHUB_HTTPS_PORT)) } });
  }
  const id = 'node-registry-' + Date.now();
  const created = await call(registry.create.bind(registry), { deviceId: id });
  const keys = created.authentication && created.authentication.symmetricKey;
  check('create generates keys', created.deviceId === id && keys && keys.primaryKey && keys.secondaryKey, JSON.stringify(keys && { primary: !!keys.primaryKey, secondary: !!keys.secondaryKey }));
  check('create returns an 18-digit generationId', /^\d{18}$/.test(created.generationId), created.generationId);

  const got = await call(registry.get.bind(registry), id);
  check('get returns the device', got.deviceId === id && got.generationId === created.generationId && got.status === 'enabled', `${got.deviceId} ${got.status}`);

  await expectError('create of an existing id is DeviceAlreadyExistsError', 'DeviceAlreadyExistsError', () => call(registry.create.bind(registry), { deviceId: id }));
  await expectError('get of a missing device is DeviceNotFoundError', 'DeviceNotFoundError', () => call(registry.get.bind(registry), 'no-such-device'));

  await call(registry.delete.bind(registry), id);
  check('delete succeeds', true);
  await expectError('get after delete is DeviceNotFoundError', 'DeviceNotFoundError', () => call(registry.get.bind(registry), id));
});
