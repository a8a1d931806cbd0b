import { follow, serve } from './lib.mjs';

const events = [];
follow((fresh) => events.push(...fresh.map((e) => ({ ...e, message: e.message.toUpperCase() }))));
serve(() => events);
