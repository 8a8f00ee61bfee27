import type { Frame, Page } from 'playwright-core';
import { waitUntil } from './wait';

/**
 * The Grad Lens panel in the real editor. A webview lives two iframes deep; its document is
 * the one whose <main id="app"> is labelled "Grad Lens" (see src/host/panel/html.ts).
 */
export async function panelFrame(page: Page, timeoutMs?: number): Promise<Frame> {
  const found = await waitUntil(
    async () => {
      for (const frame of page.frames()) {
        if (await frame.locator('main#app[aria-label="Grad Lens"]').count().catch(() => 0)) return frame;
      }
      return null;
    },
    (f) => f !== null,
    'the Grad Lens panel',
    timeoutMs,
  );
  return found!;
}
