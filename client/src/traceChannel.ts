// Makes `marginalia.trace.server` work with vscode-languageclient 10. That version traces only
// when its trace channel's log level is Trace (set through "Developer: Set Log Level"), which
// users of a `*.trace.server` setting do not know to do. This channel reports Trace while the
// setting is `messages` or `verbose` (or the real channel is at Trace) and writes the messages
// into the one Marginalia output channel.
import * as vscode from 'vscode';

export const TRACE_SETTING = 'marginalia.trace.server';

export class SettingTraceChannel implements vscode.LogOutputChannel {
  private readonly levelEmitter = new vscode.EventEmitter<vscode.LogLevel>();
  readonly onDidChangeLogLevel = this.levelEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.levelEmitter];
  private level: vscode.LogLevel;

  constructor(private readonly output: vscode.LogOutputChannel) {
    this.level = this.compute();
    const update = () => {
      const level = this.compute();
      if (level === this.level) return;
      this.level = level;
      this.levelEmitter.fire(level);
    };
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(TRACE_SETTING)) update();
      }),
      output.onDidChangeLogLevel(update),
    );
  }

  get name(): string {
    return this.output.name;
  }
  get logLevel(): vscode.LogLevel {
    return this.level;
  }

  trace(message: string, ...args: unknown[]): void {
    // At the real channel's Trace level, keep the [trace] tag; otherwise a trace asked for by the
    // setting must still be visible at the default Info level.
    if (this.output.logLevel === vscode.LogLevel.Trace) this.output.trace(message, ...args);
    else this.output.info(message, ...args);
  }
  debug(message: string, ...args: unknown[]): void {
    this.output.debug(message, ...args);
  }
  info(message: string, ...args: unknown[]): void {
    this.output.info(message, ...args);
  }
  warn(message: string, ...args: unknown[]): void {
    this.output.warn(message, ...args);
  }
  error(error: string | Error, ...args: unknown[]): void {
    this.output.error(error, ...args);
  }
  append(value: string): void {
    this.output.append(value);
  }
  appendLine(value: string): void {
    this.output.appendLine(value);
  }
  replace(value: string): void {
    this.output.replace(value);
  }
  clear(): void {
    this.output.clear();
  }
  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined) this.output.show(columnOrPreserveFocus);
    else this.output.show(columnOrPreserveFocus, preserveFocus);
  }
  hide(): void {
    this.output.hide();
  }
  /** The real channel belongs to the extension; only this wrapper's listeners end here. */
  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private compute(): vscode.LogLevel {
    const setting = vscode.workspace.getConfiguration('marginalia').get<string>('trace.server', 'off');
    return setting === 'messages' || setting === 'verbose' || this.output.logLevel === vscode.LogLevel.Trace
      ? vscode.LogLevel.Trace
      : vscode.LogLevel.Info;
  }
}
