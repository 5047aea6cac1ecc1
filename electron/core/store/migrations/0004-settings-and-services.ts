/**
 * What a person set (one row per section of `Settings` in contract/settings.ts, as JSON checked by
 * that schema when read), and the last known state of each supervised service (its `ServiceStatus` as
 * JSON), so a restarted UI or `docpipe services` shows where each one stood.
 */
export default /* sql */ `
CREATE TABLE settings (
  section TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE services (
  name TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  status TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
`;
