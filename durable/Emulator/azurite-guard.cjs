// Runs Azurite for a .NET owner and stops it when this process's stdin closes. The owner closes
// stdin to stop Azurite; the OS closes it when the owner dies, even by SIGKILL, so Azurite never
// outlives the process that started it.
//
// Azurite runs detached: in its own session and process group (on Windows, its own process group
// without a console), so a signal sent to the owner's whole group — Ctrl+C in a terminal, a
// service manager's SIGTERM, a closed terminal's SIGHUP — never reaches it. The owner decides what
// such a signal means: when it stops, it stops Azurite after its own last write; when it ignores
// the signal (started with job control off), Azurite must keep serving it. This guard stays in
// the owner's group, so it ignores those signals for the same reason.
//
// Detached, Azurite would outlive a guard killed with its group; so Azurite itself requires this
// file (node --require) and stops when its stdin, a pipe from this guard, closes: on the guard's
// stop and on its death alike.
'use strict';

const GROUP_SIGNALS = process.platform === 'win32'
  ? ['SIGINT', 'SIGBREAK', 'SIGHUP']
  : ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

// Azurite prints this for each service once it has saved that service's data.
const SERVICE_CLOSED = /^Azurite (Blob|Queue|Table) service successfully closed/;

function onceStdinCloses(stop) {
  let stopping = false;
  const once = () => {
    if (stopping) return;
    stopping = true;
    stop();
  };
  process.stdin.on('end', once);
  process.stdin.on('close', once);
  process.stdin.on('error', once);
  process.stdin.resume();
}

// Writing to a pipe whose reader is gone fails with EPIPE, which would crash the writer (by
// default an unhandled stream error); once the reader is gone nobody reads the output anyway.
function ignoreOutputErrors() {
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
}

function guard([azuriteScript, ...azuriteArgs]) {
  const { spawn } = require('node:child_process');
  const readline = require('node:readline');
  const azurite = spawn(process.execPath, ['--require', __filename, azuriteScript, ...azuriteArgs], {
    stdio: ['pipe', 'pipe', 'inherit'],
    detached: true,
  });
  for (const signal of GROUP_SIGNALS) {
    process.on(signal, () => {});
  }

  ignoreOutputErrors();
  azurite.stdout.pipe(process.stdout);

  // Once every service has saved its data, Azurite may still wait for clients to close their
  // keep-alive connections (a connection opened and never used keeps its server open), which
  // an owner that still runs does not do: nothing is left to lose, so it is ended here.
  let saved = false;
  let closedServices = 0;
  readline.createInterface({ input: azurite.stdout }).on('line', (line) => {
    if (SERVICE_CLOSED.test(line) && ++closedServices === 3) {
      saved = true;
      azurite.kill('SIGKILL');
    }
  });

  onceStdinCloses(() => {
    azurite.stdin.end();
    // Only for an Azurite that hangs before it has saved: a kill during its final save loses
    // that save only (LokiJS writes a temporary file, then renames it).
    setTimeout(() => azurite.kill('SIGKILL'), 10000).unref();
  });
  azurite.on('exit', (code, signal) => process.exit(saved ? 0 : code ?? (signal ? 1 : 0)));
}

// Inside Azurite: SIGINT is Azurite's own clean shutdown (it closes its servers and saves its
// databases). Nothing else sends it one, since it runs in its own process group.
function stopAzuriteWhenGuardGoes() {
  ignoreOutputErrors();
  onceStdinCloses(() => process.kill(process.pid, 'SIGINT'));
}

if (require.main === module) {
  guard(process.argv.slice(2));
} else {
  stopAzuriteWhenGuardGoes();
}
