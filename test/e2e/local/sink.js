// Sink: pulls its input's events and writes them, one JSON line each, to SINK_FILE once it has
// EXPECTED of them; listens only for its TCP health check.
import { renameSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { get, id, inputs, inputsHealthy, journal, port, sleep } from './common.mjs';

journal(`${id} started inputs-healthy=${await inputsHealthy()}`);
net.createServer((s) => s.end()).listen(port, '127.0.0.1');
process.on('SIGTERM', () => {
  journal(`${id} stopping`);
  process.exit(0);
});
const expected = Number(process.env.EXPECTED);
for (;;) {
  const r = await get(inputs[0], '/events').catch(() => undefined);
  const events = r?.status === 200 ? JSON.parse(r.body) : [];
  if (events.length >= expected) {
    writeFileSync(`${process.env.SINK_FILE}.tmp`, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    renameSync(`${process.env.SINK_FILE}.tmp`, process.env.SINK_FILE);
    journal(`${id} wrote ${events.length}`);
    break;
  }
  await sleep(100);
}
// Keep running (a sink is a long-lived process) until down stops it.
setInterval(() => {}, 1 << 30);
