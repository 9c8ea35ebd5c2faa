// Unit tests of the pure conversion code (src/convert.ts, bundled to dist/unit/convert.cjs by
// build.mjs). Run: node --test test/unit/
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";

const require = createRequire(import.meta.url);
const convert = require("../../dist/unit/convert.cjs");

const range = (sl, sc, el, ec) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });
const diagnostic = (code, severity = "warning") => ({
  code,
  name: code.toLowerCase(),
  severity,
  message: `${code} message`,
  pointer: "",
  range: range(0, 0, 0, 1),
  offset: { start: 0, end: 1 },
  fixes: [],
});
const PARSE = new Set(["PAR001", "PAR002"]);

test("severities map to VS Code's DiagnosticSeverity values", () => {
  assert.equal(convert.severityOf("error"), 0);
  assert.equal(convert.severityOf("warning"), 1);
  assert.equal(convert.severityOf("info"), 2);
  assert.equal(convert.severityOf("hint"), 3);
});

test("a document the core does not recognise stays silent", () => {
  const result = convert.visibleDiagnostics([diagnostic("SCH001", "info")], PARSE, {
    matchesFilesSetting: false,
    wasRecognised: true,
  });
  assert.deepEqual(result, { recognised: false, shown: [] });
});

test("dalint.files makes an unrecognised document report what the core said", () => {
  const sch = diagnostic("SCH001", "info");
  const result = convert.visibleDiagnostics([sch], PARSE, { matchesFilesSetting: true, wasRecognised: false });
  assert.deepEqual(result, { recognised: false, shown: [sch] });
});

test("a parse error shows only on a document recognised before or matched by dalint.files", () => {
  const par = diagnostic("PAR001", "error");
  assert.deepEqual(convert.visibleDiagnostics([par], PARSE, { matchesFilesSetting: false, wasRecognised: false }), {
    recognised: false,
    shown: [],
  });
  assert.deepEqual(convert.visibleDiagnostics([par], PARSE, { matchesFilesSetting: false, wasRecognised: true }), {
    recognised: true,
    shown: [par],
  });
  assert.deepEqual(convert.visibleDiagnostics([par], PARSE, { matchesFilesSetting: true, wasRecognised: false }), {
    recognised: false,
    shown: [par],
  });
});

test("a recognised document shows everything, and no findings still means recognised", () => {
  const sec = diagnostic("SEC001", "error");
  assert.deepEqual(convert.visibleDiagnostics([sec], PARSE, { matchesFilesSetting: false, wasRecognised: false }), {
    recognised: true,
    shown: [sec],
  });
  assert.deepEqual(convert.visibleDiagnostics([], PARSE, { matchesFilesSetting: false, wasRecognised: false }), {
    recognised: true,
    shown: [],
  });
});

test("fix titles start with the rule code, once", () => {
  assert.equal(convert.fixTitle("SEC001", { title: "Rewrite to secureData" }), "SEC001: Rewrite to secureData");
  assert.equal(convert.fixTitle("SEC001", { title: "SEC001: already" }), "SEC001: already");
});

test("unsafe fix titles say so; safe ones do not", () => {
  const wrap = "Wrap `note` in `$esc.jsonString(…)`";
  assert.equal(convert.fixTitle("TPL003", { title: wrap, applicability: "unsafe" }), `TPL003: ${wrap} (unsafe)`);
  assert.equal(convert.fixTitle("TPL003", { title: wrap, applicability: "safe" }), `TPL003: ${wrap}`);
});

test("command URIs carry JSON arguments, URI-encoded", () => {
  const uri = convert.commandUri("dalint.explainRule", ["SEC001"]);
  assert.equal(uri, "command:dalint.explainRule?%5B%22SEC001%22%5D");
  assert.deepEqual(JSON.parse(decodeURIComponent(uri.split("?")[1])), ["SEC001"]);
});

test("minimalEdit keeps the common prefix and suffix", () => {
  assert.equal(convert.minimalEdit("same", "same"), undefined);
  assert.deepEqual(convert.minimalEdit('"Bearer sk_live_x"', '"Bearer {{secureData(\\"k\\")}}"'), {
    start: 8,
    end: 17,
    newText: '{{secureData(\\"k\\")}}',
  });
  assert.deepEqual(convert.minimalEdit("abc", "abXc"), { start: 2, end: 2, newText: "X" });
  assert.deepEqual(convert.minimalEdit("abc", ""), { start: 0, end: 3, newText: "" });
  assert.deepEqual(convert.minimalEdit("aaa", "aa"), { start: 2, end: 3, newText: "" });
});

test("minimalEdit never splits a surrogate pair (emoji), CJK and CRLF included", () => {
  const cases = [
    ["x😀y", "x😁y"], // same high surrogate, different low surrogate
    ["😀", "😀😀"],
    ["a\r\nb", "a\nb"],
    ["键:😀\r\n", "键:😃\r\n"],
    ["😀a😀", "😀b😀"],
  ];
  for (const [before, after] of cases) {
    const edit = convert.minimalEdit(before, after);
    const result = before.slice(0, edit.start) + edit.newText + before.slice(edit.end);
    assert.equal(result, after);
    for (const text of [edit.newText, before.slice(edit.start, edit.end)]) {
      assert.doesNotThrow(() => encodeURIComponent(text), `lone surrogate in ${JSON.stringify(text)}`);
    }
  }
});

test("buildOptions: settings win over dalint.json, rules merge, inventory names replace a path", () => {
  const file = {
    $schema: "./dalint.schema.json",
    env: "dev",
    inventory: "secrets.json",
    rules: { SEC003: "off", TPL001: "error" },
    rewriteTarget: "credentials",
  };
  const options = convert.buildOptions(
    file,
    { environment: "prod", rewriteTarget: "auto", rules: { TPL001: "warning" } },
    ["a_prod"],
    "actions/x.json",
  );
  assert.deepEqual(options, {
    env: "prod",
    inventory: ["a_prod"],
    rules: { SEC003: "off", TPL001: "warning" },
    rewriteTarget: "credentials",
    fileName: "actions/x.json",
  });
  assert.deepEqual(convert.buildOptions(undefined, {}, undefined, "x.jsonc"), { fileName: "x.jsonc" });
  assert.deepEqual(convert.buildOptions({ inventory: ["n"] }, { rewriteTarget: "secureData" }, undefined, "a.json"), {
    inventory: ["n"],
    rewriteTarget: "secureData",
    fileName: "a.json",
  });
});

test("onlyRules switches every other rule off and keeps the wanted ones on", () => {
  const options = { env: "dev", rules: { SEC001: "off", SEC002: "error" } };
  assert.deepEqual(convert.onlyRules(options, ["PAR001", "SEC001", "SEC002"], new Set(["SEC001"])), {
    env: "dev",
    rules: { PAR001: "off", SEC002: "off" },
  });
});

test("provisioning document: warning first, then the payloads, valid JSONC", () => {
  const payloads = [{ name: "partner_api_key_prod", target: "secureData", payload: { name: "partner_api_key_prod" } }];
  const text = convert.provisioningDocument(payloads, "actions/a.json");
  const lines = text.split("\n");
  assert.match(lines[0], /^\/\/ WARNING: this document contains secrets/);
  assert.match(text, /out of actions\/a\.json/);
  const json = lines.filter((l) => !l.startsWith("//")).join("\n");
  assert.deepEqual(JSON.parse(json), payloads);
  assert.equal(convert.payloadsFor(payloads, ["other"]).length, 0);
  assert.deepEqual(convert.payloadsFor(payloads, ["partner_api_key_prod"]), payloads);
});

test("status bar counts", () => {
  const counts = convert.countSeverities([
    diagnostic("A", "error"),
    diagnostic("B", "warning"),
    diagnostic("C", "warning"),
    diagnostic("D", "hint"),
  ]);
  assert.deepEqual(counts, { errors: 1, warnings: 2, others: 1 });
  assert.equal(convert.statusText(counts, "dev"), "dalint $(error) 1 $(warning) 2 $(info) 1 · dev");
  assert.equal(convert.statusText({ errors: 0, warnings: 0, others: 0 }, undefined), "dalint $(error) 0 $(warning) 0");
});

test("pointerOf escapes ~ and / (RFC 6901)", () => {
  assert.equal(convert.pointerOf([]), "");
  assert.equal(convert.pointerOf(["0", "config", "a/b~c"]), "/0/config/a~1b~0c");
});

test("actionIndexAt picks the action holding the cursor, else the first", () => {
  const actions = [{ pointer: "/0" }, { pointer: "/1" }, { pointer: "/10" }];
  assert.equal(convert.actionIndexAt(actions, "/1/config/url"), 1);
  assert.equal(convert.actionIndexAt(actions, "/10"), 2);
  assert.equal(convert.actionIndexAt(actions, "/2"), 0);
  assert.equal(convert.actionIndexAt(actions, undefined), 0);
  assert.equal(convert.actionIndexAt([{ pointer: "" }], "/config/url"), 0);
  assert.equal(convert.actionIndexAt([], "/0"), 0);
});

test("previewDocument: one comment line, then the core's HTTP rendering as is", () => {
  const http = "### DELETE_Order (/1)\nDELETE https://api.example.com/orders/42\nAuthorization: Bearer ‹secureData:k›";
  assert.equal(
    convert.previewDocument("actions/two.json", 2, 1, http),
    "# dalint request preview of actions/two.json (action 2 of 2, the one under the cursor): read-only, " +
      `secrets redacted as ‹markers›, nothing was sent\n\n${http}\n`,
  );
  assert.equal(
    convert.previewDocument("a.json", 1, 0, "GET x\n"),
    "# dalint request preview of a.json: read-only, secrets redacted as ‹markers›, nothing was sent\n\nGET x\n",
  );
});

test("tags follow the rule's name: unused → Unnecessary, deprecated → Deprecated", () => {
  assert.deepEqual(convert.tagsOf("unused-input"), [1]);
  assert.deepEqual(convert.tagsOf("deprecated-field"), [2]);
  assert.deepEqual(convert.tagsOf("hard-coded-credential"), []);
  assert.deepEqual(convert.tagsOf("reused-names"), [], "whole words only");
});

test("referenceHover: kind, environment and the three inventory states", () => {
  const secure = (environment, inInventory) =>
    convert.referenceHover({ kind: "secureData", name: "crm_token_dev", environment, inInventory });
  assert.match(secure("dev", true), /`secureData\("crm_token_dev"\)`[\s\S]*Environment: `dev`[\s\S]*Inventory: ✓ present/);
  assert.match(secure(null, false), /no environment marker[\s\S]*Inventory: ✗ missing: publishing succeeds but it fails at run time with SECURE_DATA_NOT_FOUND/);
  assert.match(secure("dev", null), /Inventory: no inventory configured/);
  const credential = convert.referenceHover({ kind: "credentials", name: "clientId", environment: null, inInventory: null });
  assert.match(credential, /`\$\{credentials\.clientId\}`[\s\S]*Credential field of the integration/);
  assert.doesNotMatch(credential, /Inventory:/);
});
