import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { CodeServer } from '../../../scripts/codeServer';
import { examplesDir } from '../../../scripts/paths';
import { waitUntil } from './wait';

/** A row of the Problems panel. */
export interface ProblemRow {
  severity: 'Error' | 'Warning' | 'Info';
  message: string;
  line: number;
  column: number;
}

export interface OpenOptions {
  /** User settings for this window (on top of the harness defaults). */
  settings?: Record<string, unknown>;
  /** Extra files to put in the workspace copy. */
  files?: Record<string, string>;
}

/**
 * One editor window on a private copy of examples/, driven the way a user drives it:
 * keyboard, command palette, Problems panel, hovers, the light bulb.
 */
export class Workbench {
  private constructor(
    readonly page: Page,
    readonly folder: string,
    private readonly server: CodeServer,
    private readonly logsBefore: Set<string>,
  ) {}

  static async open(server: CodeServer, context: BrowserContext, options: OpenOptions = {}): Promise<Workbench> {
    mkdirSync(join(server.dir, 'workspaces'), { recursive: true });
    const folder = mkdtempSync(join(server.dir, 'workspaces', 'examples-'));
    cpSync(examplesDir, folder, { recursive: true });
    for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(join(folder, name), text);
    server.writeSettings(options.settings ?? {});
    const logsBefore = new Set(gradLensLogs(server.userDataDir));
    const page = await context.newPage();
    await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
    // The explorer lists the folder once the window and its file service are up.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    return new Workbench(page, folder, server, logsBefore);
  }

  async close(): Promise<void> {
    await this.page.close();
    rmSync(this.folder, { recursive: true, force: true });
  }

  /** Where `text` starts in a workspace file (as saved), 1-based, for placing the cursor. */
  find(file: string, text: string): { line: number; column: number } {
    const lines = readFileSync(join(this.folder, file), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes(text));
    if (line < 0) throw new Error(`${text} is not in ${file}`);
    return { line: line + 1, column: lines[line].indexOf(text) + 1 };
  }

  private get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Quick Open (Ctrl+P), pick the file; resolves once its editor has focus. */
  async openFile(name: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    await this.quickInput.locator('input').waitFor();
    await this.page.keyboard.type(name);
    await this.quickInput.locator('.monaco-list-row', { hasText: name }).first().click();
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
    await this.editorFocused();
  }

  /** Quick Open (Ctrl+P) a notebook; resolves once the notebook editor shows its cells. */
  async openNotebook(name: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    await this.quickInput.locator('input').waitFor();
    await this.page.keyboard.type(name);
    await this.quickInput.locator('.monaco-list-row', { hasText: name }).first().click();
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
    await this.page.locator('.notebook-editor .code-cell-row').first().waitFor({ timeout: 60_000 });
  }

  /** Puts the cursor in the first code cell of the notebook on screen, in the cell's own editor. */
  async editFirstCodeCell(): Promise<void> {
    const cell = this.page.locator('.notebook-editor .code-cell-row').first();
    await cell.locator('.monaco-editor .view-lines').first().click();
    await cell.locator('.monaco-editor.focused').waitFor();
  }

  /**
   * Puts the cursor at the end of the notebook's last cell (a code cell), the way a user
   * gets there with the keyboard: the notebook renders only the cells in view.
   */
  async editLastCell(): Promise<void> {
    await this.editFirstCodeCell();
    await this.page.keyboard.press('Escape'); // out of the cell's editor: the notebook's own keys
    await this.page.keyboard.press('Control+End'); // the last cell
    await this.page.keyboard.press('Enter'); // into its editor
    await this.page.locator('.notebook-editor .code-cell-row .monaco-editor.focused').waitFor();
    await this.page.keyboard.press('Control+End');
    await waitUntil(() => this.notebookCellStatus(), (t) => /^Cell (\d+) of \1$/.test(t), 'the last cell');
  }

  /** F1, type the command's title, pick it. */
  async runCommand(title: string): Promise<void> {
    await this.startCommand(title);
    await this.quickInput.waitFor({ state: 'hidden' });
  }

  /** F1, type the command's title, pick it; for a command that asks something in a quick pick of its own. */
  async startCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.quickInput.locator('input').waitFor();
    await this.page.keyboard.type(title);
    await this.quickInput.locator('.monaco-list-row', { hasText: title }).first().click();
  }

  /** The labels a command's quick pick offers, once it shows `placeholder`. */
  async quickPickLabels(placeholder: RegExp): Promise<string[]> {
    await waitUntil(async () => (await this.quickInput.locator('input').getAttribute('placeholder')) ?? '', (p) => placeholder.test(p), `a quick pick asking ${placeholder}`);
    const rows = this.quickInput.locator('.monaco-list-row .quick-input-list-entry .label-name');
    await rows.first().waitFor();
    return (await rows.allInnerTexts()).map((t) => t.trim());
  }

  /** Picks the quick pick entry whose label is exactly `label`. */
  async pick(label: string): Promise<void> {
    await this.quickInput.locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${label}\\s*$`) }) }).first().click();
    await this.quickInput.waitFor({ state: 'hidden' });
  }

  /** Clicks a button of the notification whose message matches. */
  async clickNotificationButton(message: RegExp, button: string): Promise<void> {
    const toast = this.page.locator('.notification-toast', { has: this.page.locator('.notification-list-item-message', { hasText: message }) }).first();
    await toast.locator('.monaco-button', { hasText: button }).first().click();
  }

  /** Right-click in the editor and pick an entry of its context menu. */
  async contextMenu(entry: string): Promise<void> {
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click({ button: 'right' });
    const item = this.page.locator('.monaco-menu .action-item .action-label', { hasText: entry }).first();
    await item.waitFor({ state: 'visible' });
    // A click that lands while the menu is still laying itself out can be lost: try again, a few times.
    for (let attempt = 0; ; attempt++) {
      await item.click();
      try {
        await item.waitFor({ state: 'hidden', timeout: 5_000 });
        return;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  }

  /** Ctrl+G line:column; waits until the status bar shows the cursor there. */
  async goTo(line: number, column = 1): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.quickInput.locator('input').waitFor();
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await waitUntil(() => this.cursor(), (c) => c.startsWith(`Ln ${line}, Col ${column}`), `the cursor at ${line}:${column}`);
    await this.editorFocused();
  }

  /** Clicks into the first editor group's text: the focus leaves a webview the way a user takes it away. */
  async focusEditor(): Promise<void> {
    await this.page.locator('.editor-group-container').first().locator('.monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } });
    await this.editorFocused();
  }

  /** Keys go to the editor only once the focus is back from a quick input or panel. */
  private async editorFocused(): Promise<void> {
    await this.quickInput.waitFor({ state: 'hidden' });
    await this.page.locator('.editor-group-container.active .monaco-editor.focused').waitFor();
  }

  /** Selects whole lines first..last with the keyboard. */
  async selectLines(first: number, last: number): Promise<void> {
    await this.goTo(first, 1);
    for (let i = first; i < last; i++) await this.page.keyboard.press('Shift+ArrowDown');
    await this.page.keyboard.press('Shift+End');
    await waitUntil(() => this.cursor(), (c) => c.includes('selected'), 'a selection');
  }

  /** Selects `length` characters at line:column and types `text` over them, key by key. */
  async typeOver(at: { line: number; column: number }, length: number, text: string): Promise<void> {
    await this.goTo(at.line, at.column);
    for (let i = 0; i < length; i++) await this.page.keyboard.press('Shift+ArrowRight');
    await this.page.keyboard.type(text);
  }

  /** The notebook's status bar item, e.g. "Cell 8 of 8". */
  async notebookCellStatus(): Promise<string> {
    return (await this.page.locator('.statusbar-item', { hasText: /^Cell \d+ of \d+$/ }).first().innerText()).trim();
  }

  /** The status bar's cursor item: "Ln 11, Col 1 (13 selected)". */
  async cursor(): Promise<string> {
    return (await this.page.locator('.statusbar-item[id="status.editor.selection"]').innerText()).trim();
  }

  /** The Grad Lens status bar item's text, or '' while there is none. */
  async statusItem(): Promise<string> {
    const item = this.page.locator('.statusbar-item', { hasText: 'Grad Lens' });
    return (await item.count()) ? (await item.first().innerText()).trim() : '';
  }

  /** Opens the Problems panel and gives the focus back to the editor. */
  async showProblems(): Promise<void> {
    if (!(await this.page.locator('.markers-panel').isVisible())) {
      await this.runCommand('View: Focus Problems');
      await this.page.locator('.markers-panel').waitFor();
    }
    await this.page.keyboard.press('Control+1'); // back to the editor
    await this.editorFocused();
  }

  /** Opens the Problems panel, leaving the focus where it lands (a notebook has no single editor to go back to). */
  async showProblemsPanel(): Promise<void> {
    if (!(await this.page.locator('.markers-panel').isVisible())) {
      await this.runCommand('View: Focus Problems');
      await this.page.locator('.markers-panel').waitFor();
    }
  }

  /** Grad Lens's rows in the Problems panel (which must be open). */
  async problems(): Promise<ProblemRow[]> {
    const labels = await this.page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
    const rows: ProblemRow[] = [];
    for (const label of labels) {
      const m = /^(Error|Warning|Info): (.*) at line (\d+) and character (\d+)\..*generated by Grad Lens/s.exec(label);
      if (m) rows.push({ severity: m[1] as ProblemRow['severity'], message: m[2], line: Number(m[3]), column: Number(m[4]) });
    }
    return rows;
  }

  /** Waits until the Problems panel satisfies `accept`. */
  waitForProblems(accept: (rows: ProblemRow[]) => boolean, what: string, timeoutMs?: number): Promise<ProblemRow[]> {
    return waitUntil(() => this.problems(), accept, what, timeoutMs);
  }

  /** Moves the mouse onto the character at line:column and returns the hover's text. */
  async hover(line: number, column: number): Promise<string> {
    await this.goTo(line, column);
    const cursor = await this.page.locator('.editor-group-container.active .monaco-editor .cursors-layer .cursor').first().boundingBox();
    if (!cursor) throw new Error('no cursor on screen');
    return this.hoverAt(cursor.x + 4, cursor.y + cursor.height / 2, `a hover at ${line}:${column}`);
  }

  /**
   * Rests the mouse at x, y and returns the hover's text. A hover asked for before the
   * analysis is published comes back empty and is not asked again while the mouse stays:
   * the mouse then leaves and comes back.
   */
  private async hoverAt(x: number, y: number, what: string): Promise<string> {
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover.workbench-hover .hover-contents').first();
    for (let attempt = 1; ; attempt++) {
      await this.page.mouse.move(x, y);
      try {
        await hover.waitFor({ timeout: 8000 });
        return await waitUntil(async () => (await hover.innerText()).trim(), (text) => text.length > 0, what);
      } catch (err) {
        if (attempt === 3) throw err;
        await this.page.mouse.move(0, 0);
      }
    }
  }

  /** Moves the mouse onto the first character of the first line starting with `text` in the notebook's cells; returns the hover's text. */
  async hoverInCell(text: string): Promise<string> {
    const line = this.page.locator('.notebook-editor .code-cell-row .view-line', { hasText: text }).first();
    const box = await line.boundingBox();
    if (!box) throw new Error(`no line ${text} on screen`);
    return this.hoverAt(box.x + 3, box.y + box.height / 2, `a hover on ${text}`);
  }

  /**
   * Ctrl+. at line:column; returns the rows of the code action menu. Asks again if the menu
   * does not come: a shortcut pressed while the editor is still computing its actions can go
   * unanswered.
   */
  async codeActions(line: number, column: number): Promise<Locator> {
    await this.goTo(line, column);
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Control+.');
      try {
        await rows.first().waitFor({ timeout: 5000 });
        return rows;
      } catch (err) {
        if (attempt === 3) throw err;
        await this.page.keyboard.press('Escape');
      }
    }
  }

  /** The text of the editor's visible lines, top to bottom. */
  async visibleLines(): Promise<string[]> {
    return this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().evaluate((el) =>
      [...el.querySelectorAll<HTMLElement>('.view-line')]
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ')),
    );
  }

  /** The notifications' text (toasts and the center). */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
  }

  /**
   * Developer: Show Running Extensions: VS Code's own list of activated extensions and
   * their activation times, keyed by extension name ("grad-lens" → "Activation: 12ms").
   */
  async runningExtensions(): Promise<Map<string, string>> {
    // A tall window, so the virtualised list renders every row.
    const viewport = this.page.viewportSize();
    await this.page.setViewportSize({ width: viewport?.width ?? 1400, height: 2400 });
    try {
      await this.runCommand('Developer: Show Running Extensions');
      const rows = this.page.locator('.runtime-extensions-editor .monaco-list-row');
      await rows.first().waitFor();
      const found = await rows.evaluateAll((els) =>
        els.map((el) => [el.getAttribute('aria-label') ?? '', (el as HTMLElement).innerText.replace(/\s+/g, ' ').trim()] as const),
      );
      await this.page.keyboard.press('Escape'); // it opens as a modal editor
      await this.page.locator('.runtime-extensions-editor').waitFor({ state: 'hidden' });
      return new Map(found);
    } finally {
      if (viewport) await this.page.setViewportSize(viewport);
    }
  }

  /** The error lines of this window's Grad Lens log: internal failures, of which there must be none. */
  loggedErrors(): string[] {
    return this.gradLensLog()
      .split('\n')
      .filter((line) => line.includes('[error]'));
  }

  /** This window's Grad Lens output channel log ('' before the extension activates). */
  gradLensLog(): string {
    const file = gradLensLogs(this.server.userDataDir).find((f) => !this.logsBefore.has(f));
    return file ? readFileSync(file, 'utf8') : '';
  }
}

/** Every "Grad Lens" output channel log under the profile (one per extension host). */
function gradLensLogs(userDataDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of existsSync(dir) ? readdirSync(dir) : []) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name === 'Grad Lens.log') out.push(path);
    }
  };
  walk(join(userDataDir, 'logs'));
  return out;
}
