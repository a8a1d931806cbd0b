// Shared by the e2e components: the wiring contract read from the environment, a tiny HTTP
// server, and a GET helper. Loopback only.
import { appendFileSync } from 'node:fs';
import http from 'node:http';

export const id = process.env.FLOWCTL_COMPONENT_ID;
export const port = Number(process.env.FLOWCTL_PORT);
export const inputs = (process.env.FLOWCTL_INPUTS ?? '').split(',').filter(Boolean);

/** Append one line to the shared journal (O_APPEND: whole lines, in order). */
export function journal(line) {
  appendFileSync(process.env.E2E_JOURNAL, `${line}\n`);
}

/** GET http://address/path; resolves with { status, body } or rejects. */
export function get(address, path) {
  return new Promise((resolve, reject) => {
    const req = http.get(`http://${address}${path}`, { timeout: 1000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** Whether every input answers GET /health with 200 right now. */
export async function inputsHealthy() {
  for (const a of inputs) {
    const r = await get(a, '/health').catch(() => undefined);
    if (r?.status !== 200) return false;
  }
  return true;
}

/** Serve /health and /events (the array returned by events()) on 127.0.0.1:port. */
export function serve(events) {
  const server = http.createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok\n');
    } else if (req.url === '/events') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(events()));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  server.listen(port, '127.0.0.1', () => journal(`${id} listening`));
  process.on('SIGTERM', () => {
    journal(`${id} stopping`);
    process.exit(0);
  });
  return server;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
