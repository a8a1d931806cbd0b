// Source: after a start-up delay (so a dependent started too early would notice), serves the
// events it was configured with (FLOWCTL_CONFIG.events) on /events.
import { id, journal, serve, sleep } from './common.mjs';

const config = JSON.parse(process.env.FLOWCTL_CONFIG ?? '{}');
journal(`${id} started`);
await sleep(Number(process.env.E2E_START_DELAY_MS ?? 0));
serve(() => config.events.map((text, seq) => ({ seq, text, from: id })));
