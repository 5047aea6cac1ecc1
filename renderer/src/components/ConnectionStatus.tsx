import type { ConnectionState } from '../client/docpipeClient.js';
import { useApp } from '../state/AppStoreContext.js';

const LABEL: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Connected',
  reconnecting: 'Reconnecting to the engine…',
  'signed-out': 'Signed out',
};

/** The header's word on the link to the engine (its dot's colour says the same). */
export function ConnectionStatus() {
  const connection = useApp((s) => s.connection);
  return (
    <span className={`connection connection-${connection}`} role="status" aria-label={`Engine: ${LABEL[connection]}`}>
      {LABEL[connection]}
    </span>
  );
}

/**
 * What losing the engine means and what to do, under the header while it lasts. What the screens show
 * stays as it was (it is reloaded once the engine is back), so nothing looks deleted meanwhile.
 */
export function ConnectionBanner() {
  const connection = useApp((s) => s.connection);
  return (
    <div className="connection-banner-slot" aria-live="polite">
      {connection === 'reconnecting' ? (
        <p className="connection-banner connection-banner-away">
          <strong>Reconnecting to the engine…</strong> It stopped answering (was <code>docpipe serve</code> stopped?).
          What you see is as it was; it is brought up to date as soon as the engine is back.
        </p>
      ) : connection === 'signed-out' ? (
        <p className="connection-banner connection-banner-signed-out">
          <strong>This tab is signed out.</strong> The engine answers but no longer accepts this tab&apos;s sign-in (its
          token was replaced). Open the link <code>docpipe serve</code> printed, or run <code>docpipe url</code> to
          print it again; this tab comes back by itself once signed in.
        </p>
      ) : null}
    </div>
  );
}
