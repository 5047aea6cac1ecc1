/**
 * The one window and its security settings. The page gets no Node: context isolation, the sandbox
 * and a preload that exposes exactly the contract. It may not navigate away, open windows, attach
 * webviews or get permissions (camera, microphone…), except notifications for the renderer itself.
 */
import { BrowserWindow, session } from 'electron';
import { isRendererUrl, type WindowPaths } from './windowPolicy.js';

/**
 * Every permission is refused except notifications for the renderer itself (the Pipeline screen tells
 * when a batch has finished while the window is in the background).
 */
export function denyAllPermissions(rendererUrl: string): void {
  const allowed = (permission: string, url: string) =>
    permission === 'notifications' && isRendererUrl(url, rendererUrl);
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) =>
    callback(allowed(permission, contents.getURL())),
  );
  // The origin of a file:// page is only "file:///": the page's own address says whether it is ours.
  session.defaultSession.setPermissionCheckHandler((contents, permission, origin) =>
    allowed(permission, contents?.getURL() ?? origin),
  );
}

export function createMainWindow(paths: WindowPaths): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 520,
    title: 'docpipe',
    show: false,
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(paths.rendererUrl);
  return win;
}
