/**
 * What the preload puts on `window.docpipe`, and the IPC channel names between preload and main.
 * Types and pure names only (no `electron` import), so the renderer can type its client against it and
 * the main process can name the same channels: both sides derive from the contract, nothing is restated.
 */
import type { CommandInput, CommandOutput, RemoteCommandName } from '../shared/contract/api.js';
import type { CommandResult } from '../shared/contract/envelope.js';
import type { DocpipeEvent } from '../shared/contract/events.js';
import type { ExportRequestInput } from '../shared/contract/exports.js';

/** The object the preload exposes with contextBridge: exactly the contract, plus dropped-file paths and the open dialog. */
export interface DocpipeBridge {
  /** Every command of the contract, as `ipcRenderer.invoke` on its own channel. */
  api: BridgeApi;
  events: {
    /** Calls `listener` with each DocpipeEvent the core publishes; returns the unsubscribe function. */
    subscribe(listener: (event: DocpipeEvent) => void): () => void;
  };
  /**
   * The file-system path of a dropped File (Electron's webUtils.getPathForFile). Empty string when the
   * File did not come from the disk. Browsers have no equivalent, which is why the web UI has a path field.
   */
  pathForFile(file: File): string;
  /**
   * The desktop's own, outside the contract: opens a document's original file in its default application
   * or shows it in its folder. Main finds the file from the id (never a path from the page) with the
   * core's `locateDocumentFile`, so the page cannot have any other file opened.
   */
  originals?: {
    open(id: number): Promise<CommandResult<null>>;
    show(id: number): Promise<CommandResult<null>>;
  };
  /**
   * Asks where to save an export (the system's save dialog, in the main process) and writes the CSV there.
   * Answers null when the person cancelled. The page names what to export, never where: the path comes
   * from the dialog. Optional: a preload without it leaves the renderer without desktop saving.
   */
  saveExport?(request: ExportRequestInput): Promise<CommandResult<SavedExport | null>>;
  /**
   * The system's open dialog, for folders (several at once) or files; resolves to the chosen paths, none
   * when the person cancels. A browser has no such thing: the served UI uploads picked files instead.
   */
  choosePaths(kind: PathKind): Promise<string[]>;
}

/** What the open dialog asks for. */
export type PathKind = 'folders' | 'files';

/** The invoke channel of `choosePaths`. */
export const CHOOSE_PATHS_CHANNEL = 'docpipe:choose-paths';

/** The invoke channels of `originals`. */
export const ORIGINAL_CHANNELS = { open: 'docpipe:original:open', show: 'docpipe:original:show' } as const;

/** Where an export was saved, and how many rows it has. */
export interface SavedExport {
  path: string;
  rows: number;
}

/** The invoke channel of `saveExport`. */
export const SAVE_EXPORT_CHANNEL = 'docpipe:save-export';

/** The window property the bridge is exposed under. */
export const BRIDGE_KEY = 'docpipe';

/** One invoke channel per command, named from the contract. */
export function commandChannel(name: RemoteCommandName): `docpipe:command:${RemoteCommandName}` {
  return `docpipe:command:${name}`;
}

/** The channel main pushes DocpipeEvents on. */
export const EVENT_CHANNEL = 'docpipe:event';

/**
 * The contract's commands as the preload exposes them: same names and inputs, answers in the contract's
 * envelope (`CommandResult`, shared/contract/envelope.ts). Electron keeps only the message of an Error
 * thrown in a handler (and contextBridge drops an Error's own properties), so main answers with data and
 * the error code survives; the HTTP server answers the same way, so the renderer unwraps both alike.
 */
export type BridgeApi = {
  [K in RemoteCommandName]: (input: CommandInput<K>) => Promise<CommandResult<CommandOutput<K>>>;
};
