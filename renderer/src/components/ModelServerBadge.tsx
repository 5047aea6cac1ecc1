import { useRouter, useServices } from '../state/AppStoreContext.js';
import { modelServerBadge } from './serviceFacts.js';

/**
 * The header's answer to "is the LLM on, and is it fast": "LLM on GPU", "LLM on CPU", "Ollama
 * restarting…". A button to the Services & models screen, where the reason and the remedy are.
 */
export function ModelServerBadge() {
  const overview = useServices((s) => s.overview);
  const pulls = useServices((s) => s.pulls);
  const navigate = useRouter((s) => s.navigate);
  // The store's downloads are newer than the overview's (progress events move them between re-reads).
  const badge = modelServerBadge(overview && { ...overview, pulls: Object.values(pulls) });
  if (!badge) return null;
  return (
    <button
      type="button"
      className={`service-badge tone-${badge.tone}`}
      title={overview?.llm.reason ?? undefined}
      aria-label={`${badge.text}. Open Services & models`}
      onClick={() => navigate({ screen: 'services' })}
    >
      {badge.text}
    </button>
  );
}
