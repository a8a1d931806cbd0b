// Shared by the demo components: flowctl passes every address and setting as environment
// variables (FLOWCTL_PORT, FLOWCTL_INPUTS, FLOWCTL_CONFIG, ...); no dependency beyond node.
import http from 'node:http';

export const port = Number(process.env.FLOWCTL_PORT);
export const input = (process.env.FLOWCTL_INPUTS ?? '').split(',').filter(Boolean)[0];
export const config = JSON.parse(process.env.FLOWCTL_CONFIG ?? '{}');

/** Serve /health and /events (the events produced so far). */
export function serve(events) {
  http
    .createServer((req, res) => {
      if (req.url === '/health') return res.end('ok');
      if (req.url === '/events') return res.end(JSON.stringify(events()));
      res.statusCode = 404;
      res.end();
    })
    .listen(port, '0.0.0.0');
}

/** Every interval, fetch the input's events and hand over the ones not seen yet. */
export function follow(onNew, interval = 300) {
  let seen = 0;
  setInterval(async () => {
    try {
      const res = await fetch(`http://${input}/events`);
      const all = await res.json();
      if (all.length > seen) onNew(all.slice(seen));
      seen = Math.max(seen, all.length);
    } catch {
      // The input is not up yet or restarting: try again next time.
    }
  }, interval);
}
