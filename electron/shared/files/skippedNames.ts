/**
 * Names that are never documents: what operating systems and office suites leave behind, and (unless
 * asked for) hidden names. The engine's folder walk and watcher skip them, and the page skips them before
 * uploading a dropped folder, so both sides agree on what a folder holds.
 */

const SYSTEM_FILES = new Set([
  'thumbs.db',
  'desktop.ini',
  '.ds_store',
  'icon\r',
  '$recycle.bin',
  'system volume information',
]);

export function isSkippedName(name: string, includeHidden: boolean): boolean {
  const lower = name.toLowerCase();
  if (SYSTEM_FILES.has(lower)) return true;
  if (name.startsWith('~$')) return true; // office lock files
  return !includeHidden && name.startsWith('.');
}
