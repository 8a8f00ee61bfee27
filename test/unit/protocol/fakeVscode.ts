/**
 * Just enough of the `vscode` API to run the panel controller in Node: a webview panel
 * whose postMessage goes through JSON (as VS Code's does) and whose messages the test
 * delivers by hand. Installed with a require hook, only for the tests that ask for it.
 */
import Module from 'node:module';

type Listener<T> = (e: T) => void;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (fn: Listener<T>) => {
    this.listeners.push(fn);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== fn)) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class CancellationTokenSource {
  private emitter = new EventEmitter<void>();
  token = { isCancellationRequested: false, onCancellationRequested: this.emitter.event };
  cancel(): void {
    if (this.token.isCancellationRequested) return;
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose(): void {}
}

export class Uri {
  private constructor(readonly value: string) {}
  static parse(value: string, strict = false): Uri {
    if (strict && !/^[a-z][a-z0-9+.-]*:/i.test(value)) throw new Error(`no scheme in ${value}`);
    return new Uri(value);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri([base.value, ...parts].join('/'));
  }
  toString(): string {
    return this.value;
  }
}

export class Range {
  constructor(
    readonly startLine: number,
    readonly startCharacter: number,
    readonly endLine: number,
    readonly endCharacter: number,
  ) {}
}

export class FakeWebview {
  html = '';
  options: unknown = {};
  readonly cspSource = 'https://fake.vscode-resource';
  readonly posted: { type: string }[] = [];
  private readonly received = new EventEmitter<unknown>();
  readonly onDidReceiveMessage = this.received.event;
  postMessage(message: unknown): Promise<boolean> {
    this.posted.push(JSON.parse(JSON.stringify(message)) as { type: string });
    return Promise.resolve(true);
  }
  asWebviewUri(uri: Uri): Uri {
    return Uri.parse(`https://fake.vscode-resource/${uri.toString()}`);
  }
  /** What the webview script would post. */
  deliver(message: unknown): void {
    this.received.fire(JSON.parse(JSON.stringify(message)));
  }
}

export class FakePanel {
  readonly webview = new FakeWebview();
  visible = true;
  iconPath: unknown;
  revealed = 0;
  private readonly viewState = new EventEmitter<void>();
  private readonly disposed = new EventEmitter<void>();
  readonly onDidChangeViewState = this.viewState.event;
  readonly onDidDispose = this.disposed.event;
  constructor(readonly options: unknown) {}
  reveal(): void {
    this.revealed++;
  }
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.viewState.fire();
  }
  dispose(): void {
    this.disposed.fire();
  }
}

export const calls = { statusMessages: [] as string[], commands: [] as string[], panels: [] as FakePanel[] };

export const fakeVscode = {
  EventEmitter,
  CancellationTokenSource,
  Uri,
  Range,
  ViewColumn: { One: 1, Beside: -2 },
  window: {
    createWebviewPanel: (_type: string, _title: string, _column: unknown, options: unknown) => {
      const panel = new FakePanel(options);
      calls.panels.push(panel);
      return panel;
    },
    setStatusBarMessage: (text: string) => calls.statusMessages.push(text),
    visibleTextEditors: [] as unknown[],
    showTextDocument: () => Promise.resolve(undefined),
  },
  commands: { executeCommand: (id: string) => Promise.resolve(void calls.commands.push(id)) },
  env: { clipboard: { writeText: () => Promise.resolve() } },
};

/** Makes `require('vscode')` return the fake; returns the function that removes the hook. */
export function installFakeVscode(): () => void {
  const mod = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = mod._load;
  mod._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? fakeVscode : original.call(this, request, ...rest);
  };
  return () => {
    mod._load = original;
  };
}
