// Runs Azurite as a child process and stops it when this process's stdin closes.
// The .NET owner closes stdin to stop Azurite; the OS closes it when the owner dies,
// even by SIGKILL, so Azurite never outlives the process that started it.
'use strict';
const { spawn } = require('node:child_process');

const [azuriteScript, ...azuriteArgs] = process.argv.slice(2);
const azurite = spawn(process.execPath, [azuriteScript, ...azuriteArgs], {
  stdio: ['ignore', 'inherit', 'inherit'],
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  // Azurite exits cleanly on SIGINT; SIGTERM sometimes takes over a minute.
  azurite.kill('SIGINT');
  setTimeout(() => azurite.kill('SIGKILL'), 10000).unref();
}

process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
azurite.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
