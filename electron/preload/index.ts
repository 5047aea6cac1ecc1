/**
 * Exposes exactly the contract to the page: one function per command (each on its own invoke channel),
 * an event subscription, the path of a dropped file, and the system's open dialog. No `ipcRenderer` and no channel names reach
 * the page, so it cannot send anything the contract does not list.
 *
 * Built as CommonJS (out/preload/index.cjs): a sandboxed preload cannot be an ES module. Dependencies
 * (zod, via the contract) are bundled in, since a sandboxed preload can only require 'electron'.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { remoteCommandNames } from '../shared/contract/api.js';
import type { DocpipeEvent } from '../shared/contract/events.js';
import {
  BRIDGE_KEY,
  CHOOSE_PATHS_CHANNEL,
  commandChannel,
  EVENT_CHANNEL,
  ORIGINAL_CHANNELS,
  SAVE_EXPORT_CHANNEL,
  type BridgeApi,
  type DocpipeBridge,
} from './bridge.js';

const api = Object.fromEntries(
  remoteCommandNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(commandChannel(name), input)]),
) as unknown as BridgeApi;

const bridge: DocpipeBridge = {
  api,
  events: {
    subscribe(listener) {
      const onEvent = (_event: IpcRendererEvent, payload: DocpipeEvent) => listener(payload);
      ipcRenderer.on(EVENT_CHANNEL, onEvent);
      return () => {
        ipcRenderer.removeListener(EVENT_CHANNEL, onEvent);
      };
    },
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
  originals: {
    open: (id) => ipcRenderer.invoke(ORIGINAL_CHANNELS.open, id),
    show: (id) => ipcRenderer.invoke(ORIGINAL_CHANNELS.show, id),
  },
  saveExport: (request) => ipcRenderer.invoke(SAVE_EXPORT_CHANNEL, request),
  choosePaths: (kind) => ipcRenderer.invoke(CHOOSE_PATHS_CHANNEL, kind) as Promise<string[]>,
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
