/**
 * A person's settings: read from the store section by section (a section that no longer parses, say
 * after a downgrade, falls back to its defaults with a warning rather than stopping the engine), and
 * changed section by section in one transaction. Listeners hear the new settings after the commit, so
 * the service wiring can restart what a change concerns.
 */
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import {
  Settings,
  SettingsChange,
  SETTINGS_SECTIONS,
  type SettingsChange as SettingsChangeInput,
} from '../../shared/contract/settings.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/Store.js';

export type SettingsListener = (next: Settings, previous: Settings) => void;

export class SettingsService {
  private readonly listeners = new Set<SettingsListener>();

  constructor(
    private readonly store: Store,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  get(): Settings {
    const stored = this.store.settings.all();
    const raw: Record<string, unknown> = {};
    for (const section of SETTINGS_SECTIONS) {
      const text = stored.get(section);
      if (text === undefined) continue;
      try {
        const value = JSON.parse(text) as unknown;
        const parsed = Settings.shape[section].safeParse(value);
        if (parsed.success) raw[section] = parsed.data;
        else
          this.log.warn(
            { section, issues: parsed.error.issues.slice(0, 3) },
            'a stored settings section does not parse; using its defaults',
          );
      } catch {
        this.log.warn({ section }, 'a stored settings section is not JSON; using its defaults');
      }
    }
    return Settings.parse(raw);
  }

  /** Applies a change (what it leaves out keeps its value) and returns the settings after it. */
  change(input: SettingsChangeInput): Settings {
    const parsed = SettingsChange.safeParse(input);
    if (!parsed.success) {
      throw new AppError(
        ErrorCode.INVALID_ARGUMENT,
        `Invalid settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    const previous = this.get();
    // Only the keys the change names: a partial schema still fills its defaults in for the others.
    const given = (section: (typeof SETTINGS_SECTIONS)[number]) => {
      const names = Object.keys((input as Record<string, object | undefined>)[section] ?? {});
      const values = (parsed.data[section] ?? {}) as Record<string, unknown>;
      return Object.fromEntries(names.map((name) => [name, values[name]]));
    };
    const next = Settings.parse({
      models: { ...previous.models, ...given('models') },
      ollama: { ...previous.ollama, ...given('ollama') },
      search: { ...previous.search, ...given('search') },
      broker: { ...previous.broker, ...given('broker') },
    });
    const now = new Date().toISOString();
    this.store.tx(() => {
      for (const section of SETTINGS_SECTIONS) {
        if (parsed.data[section] !== undefined) this.store.settings.put(section, JSON.stringify(next[section]), now);
      }
    });
    for (const listener of this.listeners) listener(next, previous);
    return next;
  }

  /** Hears every change after it is stored; returns the unsubscribe function. */
  onChange(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
