/** The flags every command takes, before or after its name. */
import { CoreConfig, defaultDataDir } from '../core/config.js';
import { booleanFlag, schemaFlag, textFlag, type FlagValues } from './flags.js';

export const globalFlags = {
  data: textFlag('DIR', `data folder (default: $DOCPIPE_DATA, else ${defaultDataDir()})`),
  json: booleanFlag('machine output: one JSON value on stdout, logs on stderr'),
  verbose: booleanFlag('log to stderr too'),
  // The core's own limit on threads, so the CLI refuses what the engine would.
  workers: schemaFlag(CoreConfig.shape.workers, {
    placeholder: 'N',
    help: 'extraction threads when the pipeline runs (default: by the number of cores)',
  }),
  ollama: textFlag(
    'URL[,URL...]',
    'use Ollama servers (or set DOCPIPE_OLLAMA_HOST), e.g. http://127.0.0.1:11434,http://gpu1:11434?parallel=4: requests are spread over them',
  ),
  help: booleanFlag("this text; after a command's name, that command's options", 'h'),
};

export type GlobalOptions = FlagValues<typeof globalFlags>;
