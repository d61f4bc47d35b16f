#!/usr/bin/env node
// The synchronous side of the warm cfn-lint (test/support/cfn-lint.ts runs this with spawnSync, so that
// cfnLint() stays synchronous): sends one request (the JSON line on stdin) to the cfn-lint server on the
// unix socket given as argument (test/support/cfn-lint-server.py) and prints its answer line.
//   node cfn-lint-client.js SOCKET [WAIT_MS]
// Exit 0: the answer is on stdout. Exit 3: no server listens on SOCKET (after waiting up to WAIT_MS for one
// that is starting). Exit 4: the server failed or closed the connection. The caller then runs the command.
'use strict';
const net = require('net');

const [socketPath, waitArg] = process.argv.slice(2);
const deadline = Date.now() + Number(waitArg ?? 0);
const request = require('fs').readFileSync(0, 'utf8').trim();

function fail(code, message) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function attempt() {
  const socket = net.createConnection(socketPath);
  let answer = '';
  let connected = false;
  socket.setEncoding('utf8');
  socket.once('connect', () => {
    connected = true;
    socket.write(`${request}\n`);
  });
  socket.on('data', (chunk) => {
    answer += chunk;
    const end = answer.indexOf('\n');
    if (end < 0) return;
    process.stdout.write(answer.slice(0, end + 1), () => process.exit(0));
    socket.destroy();
  });
  socket.once('error', (e) => {
    if (connected) fail(4, `cfn-lint server ${socketPath}: ${e.message}`);
    // Not listening (yet): the server is still starting, or there is none.
    if (Date.now() < deadline) setTimeout(attempt, 50);
    else fail(3, `no cfn-lint server on ${socketPath} (${e.code ?? e.message})`);
  });
  socket.once('end', () => {
    if (!answer.includes('\n')) fail(4, `cfn-lint server ${socketPath} closed the connection without an answer`);
  });
}

attempt();
