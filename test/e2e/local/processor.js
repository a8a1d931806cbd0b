// Processor: pulls its input's events over HTTP, upper-cases their text, and serves the result.
import { get, id, inputs, inputsHealthy, journal, serve, sleep } from './common.mjs';

journal(`${id} started inputs-healthy=${await inputsHealthy()}`);
let out = [];
serve(() => out);
for (;;) {
  const r = await get(inputs[0], '/events').catch(() => undefined);
  if (r?.status === 200) out = JSON.parse(r.body).map((e) => ({ ...e, text: e.text.toUpperCase(), via: id }));
  await sleep(100);
}
