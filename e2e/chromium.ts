import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, which playwright-core drives for every UI test (DOCPIPE_CHROMIUM names another). */
export const CHROMIUM = process.env.DOCPIPE_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
/** Why a UI test skips, for its warning. */
export const NO_CHROMIUM = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set DOCPIPE_CHROMIUM)`;

/**
 * Headless Chromium as every spec runs it: no sandbox (CI runs as root), no GPU, and nothing that reaches
 * the network by itself (updates, sync, QUIC probes), so a spec sees only docpipe's own traffic.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
