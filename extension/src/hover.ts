// Hover on a secret reference (`secureData("x")`, `${credentials.x}`): what the core knows about
// it (the environment its name belongs to, whether the inventory has it). Conversion only.
import * as vscode from "vscode";
import { referenceHover } from "./convert";
import type { DalintCore } from "./core";
import { type Linter, toRange } from "./linter";

export class ReferenceHovers implements vscode.HoverProvider {
  constructor(
    private readonly core: DalintCore,
    private readonly linter: Linter,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const state = await this.linter.current(document);
    // Only documents dalint lints and recognises as Data Actions, under valid options.
    if (!state || state.configError || !state.recognised) return undefined;
    const reference = this.core
      .references(document.getText(), state.options)
      .find((r) => toRange(r.range).contains(position));
    if (!reference) return undefined;
    const markdown = new vscode.MarkdownString(referenceHover(reference));
    return new vscode.Hover(markdown, toRange(reference.range));
  }
}
