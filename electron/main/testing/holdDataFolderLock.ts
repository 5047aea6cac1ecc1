/**
 * A second process for electron/main/dataFolderLock.test.ts: takes the lock of the data folder in argv,
 * prints `held` or `refused <pid>`, and keeps what it got until its stdin closes (or it is killed).
 */
import { acquireDataFolderLock } from '../dataFolderLock.js';

const dataDir = process.argv[3];
if (!dataDir) throw new Error('usage: holdDataFolderLock.ts <dataDir>');
const attempt = acquireDataFolderLock(dataDir);
console.log(attempt.held ? 'held' : `refused ${attempt.holder?.pid ?? '?'}`);
process.stdin.resume();
process.stdin.on('end', () => {
  if (attempt.held) attempt.release();
  process.exit(0);
});
