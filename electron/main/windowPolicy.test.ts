import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isRendererUrl, isTrustedFrame, lockDownContents, windowPaths } from './windowPolicy.js';

const built = 'file:///opt/docpipe/resources/app.asar/out/renderer/index.html';
const dev = 'http://localhost:5173/';

describe('window policy', () => {
  it('allows only the renderer itself', () => {
    expect(isRendererUrl(built, built)).toBe(true);
    expect(isRendererUrl(`${built}#/documents`, built)).toBe(true);
    expect(isRendererUrl('file:///etc/passwd', built)).toBe(false);
    expect(isRendererUrl('https://example.com/', built)).toBe(false);
    expect(isRendererUrl('http://localhost:5173/assets/x.js', dev)).toBe(true);
    expect(isRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isRendererUrl('not a url', dev)).toBe(false);
  });

  it('trusts the renderer top frame only', () => {
    expect(isTrustedFrame({ url: built, parent: null }, built)).toBe(true);
    expect(isTrustedFrame({ url: built, parent: {} }, built)).toBe(false);
    expect(isTrustedFrame({ url: 'https://evil.example/', parent: null }, built)).toBe(false);
    expect(isTrustedFrame(null, built)).toBe(false);
  });
});

describe('the renderer URL', () => {
  const mainDir = '/opt/docpipe/resources/app.asar/out/main';
  const builtUrl = 'file:///opt/docpipe/resources/app.asar/out/renderer/index.html';

  it('is the built page in a packaged app, whatever ELECTRON_RENDERER_URL says', () => {
    for (const url of ['https://evil.example/', 'http://localhost:5173/'])
      expect(windowPaths(mainDir, { isPackaged: true, env: { ELECTRON_RENDERER_URL: url } })).toEqual({
        preload: '/opt/docpipe/resources/app.asar/out/preload/index.cjs',
        rendererUrl: builtUrl,
      });
  });

  it('is the dev server when not packaged, on a loopback address only', () => {
    const rendererOf = (url: string) =>
      windowPaths(mainDir, { isPackaged: false, env: { ELECTRON_RENDERER_URL: url } }).rendererUrl;
    expect(rendererOf('http://localhost:5173/')).toBe('http://localhost:5173/');
    expect(rendererOf('http://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173/');
    expect(rendererOf('http://[::1]:5173/')).toBe('http://[::1]:5173/');
    expect(rendererOf('https://evil.example/')).toBe(builtUrl);
    expect(rendererOf('http://localhost.evil.example/')).toBe(builtUrl);
    expect(rendererOf('file:///tmp/other.html')).toBe(builtUrl);
    expect(rendererOf('not a url')).toBe(builtUrl);
    expect(windowPaths(mainDir, { isPackaged: false, env: {} }).rendererUrl).toBe(builtUrl);
  });
});

describe('navigation rules on a web contents', () => {
  /** Electron's WebContents is an EventEmitter; this one records what lockDownContents registers. */
  class Contents extends EventEmitter {
    openHandler: (() => { action: string }) | null = null;
    setWindowOpenHandler(handler: () => { action: string }): void {
      this.openHandler = handler;
    }
  }
  const setUp = () => {
    const contents = new Contents();
    lockDownContents(contents as unknown as Parameters<typeof lockDownContents>[0], built);
    return contents;
  };
  /** Emits a navigation event the way Electron does, and says whether it was let through. */
  const allowed = (contents: Contents, event: string, url: string, extra: object = {}) => {
    let prevented = false;
    const details = { url, isMainFrame: false, ...extra, preventDefault: () => (prevented = true) };
    if (event === 'will-frame-navigate') contents.emit(event, details);
    else contents.emit(event, details, url);
    return !prevented;
  };

  it('lets no frame, main or sub, navigate or be redirected anywhere but the renderer', () => {
    const contents = setUp();
    for (const event of ['will-frame-navigate', 'will-navigate', 'will-redirect']) {
      expect(allowed(contents, event, `${built}#/review`), event).toBe(true);
      expect(allowed(contents, event, 'https://evil.example/'), event).toBe(false);
      expect(allowed(contents, event, 'file:///etc/passwd'), event).toBe(false);
    }
    expect(allowed(contents, 'will-frame-navigate', 'https://evil.example/', { isMainFrame: true })).toBe(false);
    expect(allowed(contents, 'will-frame-navigate', 'about:blank')).toBe(false);
  });

  it('refuses webviews and new windows', () => {
    const contents = setUp();
    expect(allowed(contents, 'will-attach-webview', built)).toBe(false);
    expect(contents.openHandler?.()).toEqual({ action: 'deny' });
  });
});
