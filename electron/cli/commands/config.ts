/** `config get|set`: the settings a person chooses (models, model server, search), as `section.key` values. */
import { redactUrl, type Settings } from '../../shared/contract/settings.js';
import { defineCommand, EXIT_OK } from '../command.js';
import { UsageError } from '../flags.js';
import {
  describeSetting,
  formatSettingValue,
  parseAssignment,
  SETTING_KEYS,
  settingKey,
  settingsChange,
  settingValue,
  type SettingKey,
} from '../settingKeys.js';

type ConfigOperands =
  { action: 'get'; key: SettingKey | null } | { action: 'set'; assignments: ReturnType<typeof parseAssignment>[] };

const CONFIG_USAGE = 'Usage: docpipe config get [section.key] | config set section.key=value ...';

function configOperands(args: readonly string[]): ConfigOperands {
  const [action, ...rest] = args;
  if (action === 'get' && rest.length <= 1) return { action, key: rest[0] === undefined ? null : settingKey(rest[0]) };
  if (action === 'set' && rest.length > 0) return { action, assignments: rest.map(parseAssignment) };
  throw new UsageError(CONFIG_USAGE);
}

interface ConfigAnswer {
  settings: Settings;
  /** The keys to show: the one asked for, the ones set, or every key. */
  keys: readonly SettingKey[];
  /** `one`: `config get <key>`, the value alone; `all`: `config get`; `changed`: `config set`. */
  shown: 'one' | 'all' | 'changed';
}

export const config = defineCommand({
  name: 'config',
  operands: 'get [section.key] | set section.key=value...',
  summary: 'read or change the settings (models, model server, search)',
  details:
    'Examples: docpipe config set models.text=llama3.1:8b ollama.numParallel=2 models.pullAgreed=true\n' +
    '          docpipe config get models.text\n' +
    'The keys, and what each takes:\n' +
    SETTING_KEYS.map(
      (key) => `  ${key.name.padEnd(Math.max(...SETTING_KEYS.map((k) => k.name.length)) + 2)}${describeSetting(key)}`,
    ).join('\n'),
  flags: {},
  core: 'read',
  checkOperands: (args) => void configOperands(args),
  async run({ api, args, print }) {
    const operands = configOperands(args);
    if (operands.action === 'get') {
      const settings = await api.settings({});
      print(
        operands.key
          ? { settings, keys: [operands.key], shown: 'one' }
          : { settings, keys: SETTING_KEYS, shown: 'all' },
      );
      return EXIT_OK;
    }
    const settings = await api.setSettings(settingsChange(operands.assignments));
    const keys = [...new Set(operands.assignments.map((a) => a.key))];
    print({ settings, keys, shown: 'changed' });
    return EXIT_OK;
  },
  json({ settings, keys, shown }: ConfigAnswer) {
    if (shown === 'one' && keys[0]) return settingValue(settings, keys[0]);
    // Every setting in the contract's shape; the ones just set by name, with the values they now have.
    if (shown === 'all') return listed(settings);
    return Object.fromEntries(keys.map((key) => [key.name, settingValue(listed(settings), key)]));
  },
  text({ settings, keys, shown }: ConfigAnswer) {
    if (shown === 'one' && keys[0]) return `${formatSettingValue(settingValue(settings, keys[0]))}\n`;
    return keys.map((key) => `${key.name} = ${formatSettingValue(settingValue(listed(settings), key))}\n`).join('');
  },
});

/**
 * The settings as a listing shows them: the broker's password hidden (a listing ends up in terminals
 * and bug reports). `config get broker.url`, asked by name, prints it as stored.
 */
function listed(settings: Settings): Settings {
  const url = settings.broker.url;
  return url ? { ...settings, broker: { ...settings.broker, url: redactUrl(url) } } : settings;
}
