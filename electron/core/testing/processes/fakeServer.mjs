#!/usr/bin/env node
/**
 * A small HTTP server that misbehaves on request, for ManagedProcess tests (a real child process, so the
 * tests exercise real signals, exits, pipes and process groups). GET /health answers 200, or 503 while
 * the --sick-flag file exists. Options:
 *   --port N              port on 127.0.0.1 (required unless it never listens)
 *   --listen-after MS     start listening only after MS (a slow start)
 *   --never-listen        hang on start: run, but never answer
 *   --exit-at-once CODE   write the --stderr lines and exit with CODE at once
 *   --crash-once FILE     when FILE does not exist yet: create it, then exit 3 soon after listening
 *   --crash-after MS      exit 3 MS after listening (every run)
 *   --ignore-sigterm      stay up on SIGTERM (only SIGKILL ends it)
 *   --stderr TEXT         write TEXT to stderr at start (repeatable)
 *   --stdout TEXT         write TEXT to stdout at start (repeatable)
 *   --grandchild FILE     start a child process in the same process group and write its pid to FILE
 *   --sick-flag FILE      answer /health with 503 while FILE exists
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

const options = { stderr: [], stdout: [] };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const flag = argv[i];
  const value = () => argv[++i];
  if (flag === '--port') options.port = Number(value());
  else if (flag === '--listen-after') options.listenAfter = Number(value());
  else if (flag === '--never-listen') options.neverListen = true;
  else if (flag === '--exit-at-once') options.exitAtOnce = Number(value());
  else if (flag === '--crash-once') options.crashOnce = value();
  else if (flag === '--crash-after') options.crashAfter = Number(value());
  else if (flag === '--ignore-sigterm') options.ignoreSigterm = true;
  else if (flag === '--stderr') options.stderr.push(value());
  else if (flag === '--stdout') options.stdout.push(value());
  else if (flag === '--grandchild') options.grandchild = value();
  else if (flag === '--sick-flag') options.sickFlag = value();
  else {
    process.stderr.write(`fakeServer: unknown option ${flag}\n`);
    process.exit(64);
  }
}

for (const line of options.stdout) process.stdout.write(`${line}\n`);
for (const line of options.stderr) process.stderr.write(`${line}\n`);
if (options.exitAtOnce !== undefined) process.exit(options.exitAtOnce);

if (options.grandchild) {
  // Not detached: it stays in our process group, like a model runner under Ollama.
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)'], { stdio: 'ignore' });
  writeFileSync(options.grandchild, String(child.pid));
}

const server = createServer((req, res) => {
  if (req.url === '/health') {
    const sick = options.sickFlag !== undefined && existsSync(options.sickFlag);
    res.writeHead(sick ? 503 : 200, { 'content-type': 'text/plain' });
    res.end(sick ? 'sick' : 'ok');
    return;
  }
  res.writeHead(404);
  res.end();
});

process.on('SIGTERM', () => {
  if (options.ignoreSigterm) {
    process.stderr.write('fakeServer: SIGTERM ignored\n');
    return;
  }
  server.close();
  process.exit(0);
});

const listen = () => {
  server.listen(options.port, '127.0.0.1', () => {
    process.stdout.write(`fakeServer: listening on ${options.port}\n`);
    let crashIn = options.crashAfter;
    if (options.crashOnce && !existsSync(options.crashOnce)) {
      writeFileSync(options.crashOnce, 'crashed once');
      crashIn = 100;
    }
    if (crashIn !== undefined) {
      setTimeout(() => {
        process.stderr.write('fakeServer: crashing on purpose\n');
        process.exit(3);
      }, crashIn);
    }
  });
};

if (options.neverListen) setInterval(() => {}, 60_000);
else if (options.listenAfter) setTimeout(listen, options.listenAfter);
else listen();
