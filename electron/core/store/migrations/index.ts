/**
 * Numbered migrations, applied in order inside one transaction each; `PRAGMA user_version` records the
 * last one applied. Migrations are TypeScript modules holding SQL text so that they bundle (electron-vite)
 * and run from source (bin/ts-hooks.mjs) alike.
 */
import m0001 from './0001-init.js';
import m0002 from './0002-understanding.js';
import m0003 from './0003-e-invoice.js';
import m0004 from './0004-settings-and-services.js';
import m0005 from './0005-library.js';
import m0006 from './0006-pipeline-times.js';
import m0007 from './0007-watched-folder-state.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'init', sql: m0001 },
  { version: 2, name: 'understanding', sql: m0002 },
  { version: 3, name: 'e-invoice', sql: m0003 },
  { version: 4, name: 'settings-and-services', sql: m0004 },
  { version: 5, name: 'library', sql: m0005 },
  { version: 6, name: 'pipeline-times', sql: m0006 },
  { version: 7, name: 'watched-folder-state', sql: m0007 },
];
