import * as vscode from "vscode";

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand("dalint.ping", () => "pong"));
}

export function deactivate(): void {}
