import { afterEach, describe, expect, it } from 'vitest';
import { Settings } from '../../shared/contract/settings.js';
import { openTempStore, type TempStore } from '../testing/tempStore.js';
import { SettingsService } from './SettingsService.js';

let temp: TempStore | undefined;
afterEach(() => temp?.dispose());

const quiet = { warn: () => {} };

describe('SettingsService', () => {
  it('gives the defaults on an empty store, keeps a change, and what a change leaves out', () => {
    temp = openTempStore();
    const settings = new SettingsService(temp.store, quiet);
    expect(settings.get()).toEqual(Settings.parse({}));
    settings.change({ models: { text: 'llama3.1:8b' }, ollama: { numParallel: 2 } });
    settings.change({ models: { pullAgreed: true } });
    const again = new SettingsService(temp.store, quiet).get();
    expect(again.models).toMatchObject({ text: 'llama3.1:8b', pullAgreed: true, embed: 'nomic-embed-text' });
    expect(again.ollama.numParallel).toBe(2);
    expect(again.search.backend).toBe('sqlite');
  });

  it('refuses an invalid change with what is wrong, and stores nothing of it', () => {
    temp = openTempStore();
    const settings = new SettingsService(temp.store, quiet);
    expect(() => settings.change({ ollama: { numParallel: 0 } })).toThrow(/ollama\.numParallel/);
    expect(settings.get().ollama.numParallel).toBe(1);
  });

  it('tells listeners the new and the previous settings', () => {
    temp = openTempStore();
    const settings = new SettingsService(temp.store, quiet);
    const heard: [string, string][] = [];
    settings.onChange((next, previous) => heard.push([previous.search.backend, next.search.backend]));
    settings.change({ search: { backend: 'bundled' } });
    expect(heard).toEqual([['sqlite', 'bundled']]);
  });

  it('falls back to a section’s defaults when what is stored no longer parses', () => {
    temp = openTempStore();
    temp.store.tx(() => temp!.store.settings.put('ollama', '{"numParallel": "many"}', new Date().toISOString()));
    const warnings: string[] = [];
    const settings = new SettingsService(temp.store, {
      warn: (_o: unknown, message: string) => warnings.push(message),
    } as never);
    expect(settings.get().ollama.numParallel).toBe(1);
    expect(warnings).toHaveLength(1);
  });
});
