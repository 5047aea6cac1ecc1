/**
 * Where the window may be and who may call the engine. Pure functions over URLs and frames, so they
 * are tested without Electron; window.ts wires them to the events.
 */

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
