/**
 * A watched folder can be paused (kept in the list, not followed, not scanned at start) and remembers
 * when its last whole scan finished, so the UI can list watched folders with their state.
 */
export default /* sql */ `
ALTER TABLE watched_folders ADD COLUMN paused_at TEXT;
ALTER TABLE watched_folders ADD COLUMN last_scan_at TEXT;
`;
