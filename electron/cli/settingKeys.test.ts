import { describe, expect, it } from 'vitest';
import { Settings } from '../shared/contract/settings.js';
import { UsageError } from './flags.js';
import {
  describeSetting,
  formatSettingValue,
  parseAssignment,
  readSettingValue,
  SETTING_KEYS,
  settingKey,
  settingsChange,
  settingValue,
} from './settingKeys.js';

const value = (text: string) => parseAssignment(text).value;

describe('config keys', () => {
  it('names every field of every settings section, and nothing else', () => {
    const defaults = Settings.parse({});
    const fromSchema = Object.entries(defaults).flatMap(([section, fields]) =>
      Object.keys(fields).map((field) => `${section}.${field}`),
    );
    expect(SETTING_KEYS.map((k) => k.name)).toEqual(fromSchema);
    expect(() => settingKey('models.txt')).toThrow(UsageError);
    expect(() => settingKey('models.txt')).toThrow(
      /There is no setting "models\.txt"\. The settings are: models\.text, models\.vision, .*search\.username, broker\.url, .*broker\.deliveryLimit\./,
    );
    expect(() => settingKey('models')).toThrow(UsageError);
  });

  it("reads each value as its field's type: text, numbers, booleans, enums, null", () => {
    expect(value('models.text=llama3.1:8b')).toBe('llama3.1:8b');
    // Only the first "=" separates: a value may hold one.
    expect(value('search.username=a=b')).toBe('a=b');
    expect(value('ollama.numParallel=2')).toBe(2);
    expect(value('models.pullAgreed=true')).toBe(true);
    expect(value('ollama.enabled=false')).toBe(false);
    expect(value('search.backend=bundled')).toBe('bundled');
    expect(value('ollama.binaryPath=null')).toBeNull();
    expect(value('search.url=https://search.example:9200')).toBe('https://search.example:9200');
    // A text field that cannot be null keeps "null" as text.
    expect(value('models.vision=null')).toBe('null');
  });

  it("refuses a value outside the field's type or limits, saying what it takes", () => {
    expect(() => value('ollama.numParallel=0')).toThrow(
      'ollama.numParallel takes a whole number from 1 to 16, not "0".',
    );
    expect(() => value('ollama.numParallel=1.5')).toThrow(/whole number/);
    expect(() => value('ollama.numParallel=')).toThrow(UsageError);
    expect(() => value('search.heapMb=lots')).toThrow(
      'search.heapMb takes a whole number from 128 to 32768, not "lots".',
    );
    expect(() => value('models.pullAgreed=yes')).toThrow('models.pullAgreed takes true or false, not "yes".');
    expect(() => value('search.backend=elastic')).toThrow(
      'search.backend takes one of sqlite, bundled, remote, not "elastic".',
    );
    expect(() => value('search.url=not a url')).toThrow('search.url takes a URL, or null, not "not a url".');
    expect(() => value('models.text=')).toThrow(UsageError);
    expect(() => parseAssignment('models.text')).toThrow(/is not section\.key=value/);
  });

  it('describes what each key takes from the schema', () => {
    expect(describeSetting(settingKey('ollama.binaryPath'))).toBe('text, or null');
    expect(describeSetting(settingKey('search.backend'))).toBe('one of sqlite, bundled, remote');
  });

  it('builds one change per section from the assignments, which the contract accepts as they are', () => {
    const change = settingsChange(
      ['models.text=llama3.1:8b', 'ollama.numParallel=2', 'models.pullAgreed=true', 'ollama.numParallel=3'].map(
        parseAssignment,
      ),
    );
    expect(change).toEqual({ models: { text: 'llama3.1:8b', pullAgreed: true }, ollama: { numParallel: 3 } });
    const after = Settings.parse({ models: change.models, ollama: change.ollama });
    expect(settingValue(after, settingKey('ollama.numParallel'))).toBe(3);
    expect(settingValue(after, settingKey('models.vision'))).toBe('qwen2.5vl:7b');
  });

  it('reads a list of Ollama servers comma-separated, prints it back the same way, and refuses what is no address', () => {
    const key = settingKey('ollama.hosts');
    const hosts = readSettingValue(key, 'http://gpu1:11434, gpu2:11434?parallel=4');
    expect(hosts).toEqual(['http://gpu1:11434', 'gpu2:11434?parallel=4']);
    expect(formatSettingValue(hosts)).toBe('http://gpu1:11434,gpu2:11434?parallel=4');
    expect(readSettingValue(key, '')).toEqual([]);
    expect(() => readSettingValue(key, 'http://gpu1:11434?parallel=100')).toThrow(
      /ollama\.hosts takes a comma-separated list \(an Ollama address/,
    );
    expect(() => readSettingValue(key, 'gpu 1')).toThrow(UsageError);
  });
});
