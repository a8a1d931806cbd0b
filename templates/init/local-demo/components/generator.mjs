import { config, serve } from './lib.mjs';

const events = [];
setInterval(() => events.push({ id: events.length + 1, message: `hello number ${events.length + 1}` }), config.interval_ms ?? 1000);
serve(() => events);
