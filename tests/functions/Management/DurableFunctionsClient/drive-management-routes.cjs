// Drives the host's management routes with Microsoft's own Durable Functions JavaScript client
// (npm durable-functions), exactly as a Node.js function app's durable client binding would: the
// client is given the binding data the Functions host hands it (management URL templates with
// taskHub, connection and code= in the query) and makes its own requests.
// Usage: node drive-management-routes.cjs <baseUrl> <taskHub> <key> <instanceId>
// Prints one JSON object with what each call returned.
'use strict';
const { DurableClient } = require('durable-functions/lib/src/durableClient/DurableClient');

async function main() {
  const [baseUrl, taskHub, key, instanceId] = process.argv.slice(2);
  const placeholder = 'INSTANCEID';
  const query = `taskHub=${taskHub}&connection=Storage&code=${encodeURIComponent(key)}`;
  const instances = `${baseUrl}/runtime/webhooks/durabletask/instances`;
  const client = new DurableClient({
    taskHubName: taskHub,
    creationUrls: {},
    managementUrls: {
      id: placeholder,
      statusQueryGetUri: `${instances}/${placeholder}?${query}`,
      sendEventPostUri: `${instances}/${placeholder}/raiseEvent/{eventName}?${query}`,
      terminatePostUri: `${instances}/${placeholder}/terminate?reason={text}&${query}`,
      suspendPostUri: `${instances}/${placeholder}/suspend?reason={text}&${query}`,
      resumePostUri: `${instances}/${placeholder}/resume?reason={text}&${query}`,
      rewindPostUri: `${instances}/${placeholder}/rewind?reason={text}&${query}`,
      purgeHistoryDeleteUri: `${instances}/${placeholder}?${query}`,
      restartPostUri: `${instances}/${placeholder}/restart?${query}`,
    },
    baseUrl: `${baseUrl}/runtime/webhooks/durabletask`,
    requiredQueryStringParameters: query,
  });

  const result = {};
  const status = await client.getStatus(instanceId, { showHistory: true, showHistoryOutput: false, showInput: false });
  result.status = { runtimeStatus: status.runtimeStatus, name: status.name, phase: status.customStatus && status.customStatus.phase };
  result.running = (await client.getStatusBy({ runtimeStatus: ['Running'] })).map((s) => s.instanceId);
  await client.raiseEvent(instanceId, 'Ping', { from: 'node' });
  await client.suspend(instanceId, 'checked by node');
  result.suspended = (await waitFor(client, instanceId, 'Suspended')).runtimeStatus;
  await client.resume(instanceId, 'checked by node');
  await client.terminate(instanceId, 'ended by node');
  result.terminated = (await waitFor(client, instanceId, 'Terminated')).runtimeStatus;
  result.purged = (await client.purgeInstanceHistory(instanceId)).instancesDeleted;
  process.stdout.write(JSON.stringify(result));
}

// Actions are messages: the status follows once the worker has applied them.
async function waitFor(client, instanceId, runtimeStatus) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const status = await client.getStatus(instanceId);
    if (status.runtimeStatus === runtimeStatus) return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${instanceId} did not become ${runtimeStatus}`);
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
