/**
 * Where the window may be and who may call the engine. Pure functions over URLs and frames, and the
 * navigation rules over anything shaped like a WebContents, so they are tested without Electron;
 * window.ts and index.ts apply them.
 */
import type { WebContents } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface WindowPaths {
  /** out/preload/index.cjs (CJS: a sandboxed preload cannot be an ES module). */
  preload: string;
  /** out/renderer/index.html, or the dev server's URL under `electron-vite dev`. */
  rendererUrl: string;
}

/**
 * Where the built files are, relative to the built main (out/main/index.js). The dev server's URL
 * (`ELECTRON_RENDERER_URL`, set by `electron-vite dev`) is honoured only by an app that is not packaged,
 * and only on this machine (http on a loopback host): the renderer URL is what the IPC check trusts, so
 * in an installed app an environment variable must not be able to hand that trust to a web page.
 */
export function windowPaths(mainDir: string, options: { isPackaged: boolean; env?: NodeJS.ProcessEnv }): WindowPaths {
  const devServer = options.isPackaged ? undefined : options.env?.ELECTRON_RENDERER_URL;
  return {
    preload: join(mainDir, '../preload/index.cjs'),
    rendererUrl:
      devServer && isLoopbackHttp(devServer) ? devServer : pathToFileURL(join(mainDir, '../renderer/index.html')).href,
  };
}

function isLoopbackHttp(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return (
      (protocol === 'http:' || protocol === 'https:') &&
      (hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname))
    );
  } catch {
    return false;
  }
}

/**
 * The navigation rules, for every web contents the app ever creates: no frame (the main one or any
 * subframe) may navigate or be redirected anywhere but the renderer; no webviews, no new windows.
 */
export function lockDownContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  rendererUrl: string,
): void {
  // will-navigate covers the main frame only; will-frame-navigate also covers subframes (an iframe a
  // page slipped in, navigating itself or, unsandboxed, its parent).
  contents.on('will-frame-navigate', (event) => {
    if (!isRendererUrl(event.url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-navigate', (event, url) => {
    if (!isRendererUrl(url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isRendererUrl(url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * True when `url` is the renderer itself: the same file (file:// in the built app) or the same origin
 * (the dev server in `electron-vite dev`). Anything else — another file, another site — is refused.
 */
export function isRendererUrl(url: string, rendererUrl: string): boolean {
  let target: URL;
  let home: URL;
  try {
    target = new URL(url);
    home = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (home.protocol === 'file:') return target.protocol === 'file:' && target.pathname === home.pathname;
  return target.origin === home.origin;
}

/** A frame that may call the engine: a top-level frame (no parent) showing the renderer. */
export function isTrustedFrame(
  frame: { url: string; parent: unknown } | null | undefined,
  rendererUrl: string,
): boolean {
  if (!frame) return false;
  return frame.parent === null && isRendererUrl(frame.url, rendererUrl);
}
