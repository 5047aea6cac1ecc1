// Registers bin/ts-hooks.mjs for this thread (Node 20 gives worker threads no hooks of the parent's).
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
process.setSourceMapsEnabled(true);
