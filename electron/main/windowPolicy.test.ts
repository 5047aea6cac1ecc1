import { describe, expect, it } from 'vitest';
import { isRendererUrl, isTrustedFrame } from './windowPolicy.js';

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
