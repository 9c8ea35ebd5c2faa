// Checks that every manifest agrees with the release, fast (no build):
//   - one version: the workspace Cargo.toml's, in extension/package.json, web/package.json,
//     pyproject.toml (dynamic: maturin reads Cargo's), the wasm package manifest, `dalint --version`
//     of each binary given, and the built page's footer;
//   - no committed manifest names a repository URL, and no file names the old placeholder host;
//   - the pipelines (.github/workflows/*.yml, action.yml, .pre-commit-hooks.yaml) parse as YAML and
//     name only scripts that exist; every pre-commit hook's `files` covers every type dalint reads;
//   - with --dist DIR, the built files: versions, the repository URL exactly when
//     DALINT_REPOSITORY_URL is set, the .vsix's metadata (icon, categories, no proposed APIs,
//     only the files it needs), SHA256SUMS.
//
//   node scripts/check-release-metadata.mjs [--dist DIR] [--binary PATH]...
// YAML is read with js-yaml from the extension's lock file (extension/node_modules).
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const read = (relative) => fs.readFileSync(path.join(root, relative), "utf8");
const json = (relative) => JSON.parse(read(relative));
const yaml = createRequire(path.join(root, "extension", "package.json"))("js-yaml");

const args = process.argv.slice(2);
const dist = args.includes("--dist") ? path.resolve(args[args.indexOf("--dist") + 1]) : null;
const binaries = args.flatMap((arg, i) => (arg === "--binary" ? [args[i + 1]] : []));
const repositoryUrl = process.env.DALINT_REPOSITORY_URL || null;

let checks = 0;
function check(what, body) {
  try {
    body();
    checks++;
  } catch (error) {
    console.error(`check-release-metadata: FAILED: ${what}\n  ${error.message.replace(/\n/g, "\n  ")}`);
    process.exitCode = 1;
  }
}

const cargo = read("Cargo.toml");
const version = /^\[workspace\.package\][^[]*?^version = "([^"]+)"/m.exec(cargo)?.[1];
assert.ok(version, "no version in [workspace.package] of Cargo.toml");

// --- One version ------------------------------------------------------------------------------
check("extension/package.json has the workspace version", () => assert.equal(json("extension/package.json").version, version));
check("web/package.json has the workspace version", () => assert.equal(json("web/package.json").version, version));
check("pyproject.toml takes its version from Cargo.toml", () => {
  const pyproject = read("pyproject.toml");
  assert.match(pyproject, /^dynamic = \["version"\]$/m);
  assert.doesNotMatch(pyproject, /^version\s*=/m, "a static version would drift from Cargo.toml");
});
check("every crate inherits the workspace version", () => {
  for (const crate of fs.readdirSync(path.join(root, "crates"))) {
    const manifest = read(`crates/${crate}/Cargo.toml`);
    assert.match(manifest, /^version\.workspace = true$/m, `crates/${crate}/Cargo.toml`);
  }
});
const pkgManifest = path.join(root, "crates/dalint_wasm/pkg/package.json");
if (fs.existsSync(pkgManifest)) {
  check("the wasm package manifest has the workspace version", () => assert.equal(JSON.parse(fs.readFileSync(pkgManifest, "utf8")).version, version));
}
for (const binary of binaries) {
  check(`${binary} --version`, () => assert.equal(execFileSync(binary, ["--version"], { encoding: "utf8" }).trim(), `dalint ${version}`));
}
check("the README's release file names carry the version", () => {
  const named = [...read("README.md").matchAll(/\bdalint(?:-wasm|-web)?-(\d+\.\d+\.\d+)\b/g)].map((m) => m[1]);
  assert.ok(named.length > 0, "the README's Install section names the release files");
  for (const v of named) assert.equal(v, version);
});
const footer = (html) => /<span class="page-version"[^>]*>([^<]*)<\/span>/.exec(html)?.[1];
check("web/index.html carries the footer's version mark", () => assert.equal(footer(read("web/index.html")), "dalint __DALINT_VERSION__"));
if (fs.existsSync(path.join(root, "web/dist/index.html"))) {
  check("the built page's footer names the version", () => assert.equal(footer(read("web/dist/index.html")), `dalint ${version}`));
}

// --- No URL in committed manifests, no placeholder host anywhere -------------------------------
check("committed manifests name no repository URL", () => {
  assert.doesNotMatch(cargo, /^(repository|homepage)\s*=/m, "Cargo.toml");
  const extension = json("extension/package.json");
  for (const key of ["repository", "homepage", "bugs"]) assert.equal(extension[key], undefined, `extension/package.json ${key}`);
  assert.doesNotMatch(read("pyproject.toml"), /^\[project\.urls\]/m, "pyproject.toml");
});
check("no tracked file names the placeholder host", () => {
  const placeholder = ["example", "invalid"].join(".");
  // git grep exits 1 when nothing matches, 0 with the matching files.
  const grep = spawnSync("git", ["grep", "-l", "-F", placeholder], { cwd: root, encoding: "utf8" });
  assert.equal(grep.status, 1, `files naming ${placeholder}: ${grep.stdout.trim()}${grep.stderr}`);
});
// --- Pipelines --------------------------------------------------------------------------------
const scriptsNamed = (text) => [...text.matchAll(/(?:^|[\s"'/])(scripts\/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)/gm)].map((m) => m[1]);
const pipelineFiles = [
  "action.yml",
  ".pre-commit-hooks.yaml",
  ...fs.readdirSync(path.join(root, ".github/workflows")).filter((f) => /\.ya?ml$/.test(f)).map((f) => `.github/workflows/${f}`),
];
for (const file of pipelineFiles) {
  check(`${file} parses as YAML and names only existing scripts`, () => {
    const text = read(file);
    const document = yaml.load(text);
    assert.ok(document && typeof document === "object", "empty document");
    for (const script of scriptsNamed(text)) assert.ok(fs.existsSync(path.join(root, script)), `${script} does not exist`);
  });
}
check("the workflows run the release and test scripts", () => {
  const release = yaml.load(read(".github/workflows/release.yml"));
  const ci = yaml.load(read(".github/workflows/ci.yml"));
  assert.match(JSON.stringify(release), /scripts\/release\.sh/);
  assert.match(JSON.stringify(ci), /scripts\/test\.sh/);
  assert.ok(release.on?.push?.tags, "release.yml runs on tags");
});
check("action.yml is a composite action with the documented inputs", () => {
  const action = yaml.load(read("action.yml"));
  assert.equal(action.runs?.using, "composite");
  assert.deepEqual(Object.keys(action.inputs).sort(), ["env", "format", "inventory", "paths", "sarif", "version"].sort());
});
check("every pre-commit hook reads every file type dalint reads", () => {
  const hooks = yaml.load(read(".pre-commit-hooks.yaml"));
  assert.ok(hooks.some((hook) => hook.language === "python"), "a language: python hook");
  const read_ = ["a.json", "dir/a.jsonc", "main.tf", "main.tf.json", "prod.tfvars", "prod.tfvars.json"];
  const skipped = ["a.txt", "main.tfstate", "a.json.bak", "notes.tf.md"];
  for (const hook of hooks) {
    // pre-commit uses Python's re.search; these patterns mean the same in JavaScript.
    const files = new RegExp(hook.files);
    for (const name of read_) assert.ok(files.test(name), `${hook.id}: ${hook.files} misses ${name}`);
    for (const name of skipped) assert.ok(!files.test(name), `${hook.id}: ${hook.files} takes ${name}`);
  }
});

// --- Built files ------------------------------------------------------------------------------
function unpack(archive, command) {
  const into = fs.mkdtempSync(path.join(os.tmpdir(), "dalint-check-"));
  command === "tar" ? execFileSync("tar", ["-xzf", archive, "-C", into]) : execFileSync("python3", ["-m", "zipfile", "-e", archive, into]);
  return into;
}
const only = (pattern) => {
  const names = fs.readdirSync(dist).filter((f) => pattern.test(f));
  assert.equal(names.length, 1, `one file matching ${pattern} in ${dist}: ${names.join(", ")}`);
  return path.join(dist, names[0]);
};
const expectRepository = (manifest, what) =>
  assert.deepEqual(manifest.repository?.url ?? null, repositoryUrl, `${what}: repository`);

if (dist) {
  check("the wheel: version, metadata, URL only when given", () => {
    const wheel = only(/^dalint-.*\.whl$/);
    assert.match(path.basename(wheel), new RegExp(`^dalint-${version.replace(/\./g, "\\.")}-py3-none-manylinux2014_x86_64\\.manylinux_2_17_x86_64\\.whl$`));
    const unpacked = unpack(wheel, "zip");
    const metadata = fs.readFileSync(path.join(unpacked, `dalint-${version}.dist-info`, "METADATA"), "utf8");
    const headers = metadata.split("\n\n")[0];
    assert.match(headers, new RegExp(`^Version: ${version}$`, "m"));
    assert.match(headers, /^License-Expression: MIT$/m);
    assert.match(headers, /^Description-Content-Type: text\/markdown/m);
    const urls = headers.split("\n").filter((line) => /^(Project-URL|Home-page|Download-URL):/.test(line));
    assert.deepEqual(urls, repositoryUrl ? [`Project-URL: Repository, ${repositoryUrl}`] : []);
    assert.ok(fs.existsSync(path.join(unpacked, `dalint-${version}.data`, "scripts", "dalint")), "the binary is a script of the wheel");
    fs.rmSync(unpacked, { recursive: true });
  });
  check("the static binary's archive", () => {
    const archive = only(/^dalint-.*-x86_64-unknown-linux-musl\.tar\.gz$/);
    const unpacked = unpack(archive, "tar");
    const folder = path.join(unpacked, `dalint-${version}-x86_64-unknown-linux-musl`);
    assert.deepEqual(fs.readdirSync(folder).sort(), ["LICENSE", "README.md", "dalint"]);
    fs.rmSync(unpacked, { recursive: true });
  });
  check("the npm package: version, types, licence, URL only when given", () => {
    const unpacked = unpack(only(/^dalint-wasm-.*\.tgz$/), "tar");
    const manifest = JSON.parse(fs.readFileSync(path.join(unpacked, "package", "package.json"), "utf8"));
    assert.equal(manifest.name, "dalint-wasm");
    assert.equal(manifest.version, version);
    assert.equal(manifest.license, "MIT");
    expectRepository(manifest, "dalint-wasm");
    for (const file of ["dalint.js", "dalint.d.ts", "dalint_wasm_bg.wasm", "README.md", "LICENSE"]) {
      assert.ok(fs.existsSync(path.join(unpacked, "package", file)), `dalint-wasm lacks ${file}`);
    }
    fs.rmSync(unpacked, { recursive: true });
  });
  check("the .vsix: version, marketplace metadata, only the files it needs", () => {
    const unpacked = unpack(only(/^dalint-\d.*\.vsix$/), "zip");
    const manifest = JSON.parse(fs.readFileSync(path.join(unpacked, "extension", "package.json"), "utf8"));
    assert.equal(manifest.version, version);
    assert.equal(manifest.license, "MIT");
    assert.ok(manifest.categories.includes("Linters"));
    assert.ok(manifest.keywords.length > 0);
    assert.equal(manifest.enabledApiProposals, undefined, "no proposed APIs (Open VSX refuses them)");
    expectRepository(manifest, "the extension");
    const files = [];
    const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : files.push(path.relative(path.join(unpacked, "extension"), path.join(dir, e.name)))));
    walk(path.join(unpacked, "extension"));
    // vsce stores README.md as readme.md, CHANGELOG.md as changelog.md, LICENSE as LICENSE.txt.
    const readme = fs.readFileSync(path.join(unpacked, "extension", "readme.md"), "utf8");
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length >= 2, "the README shows screenshots");
    for (const image of [...images, manifest.icon]) {
      assert.ok(!/^[a-z]+:/.test(image), `${image} is a relative link`);
      assert.ok(files.includes(image), `${image} is inside the .vsix`);
    }
    const expected = ["changelog.md", "LICENSE.txt", "readme.md", "package.json", "dist/extension.js", "dist/browser.js", "dist/dalint_wasm_bg.wasm", "dist/dalint.schema.json", manifest.icon, ...images];
    assert.deepEqual([...new Set(files)].sort(), [...new Set(expected)].sort());
    // The marketplace manifest links the repository exactly when the release was given one.
    const vsixManifest = fs.readFileSync(path.join(unpacked, "extension.vsixmanifest"), "utf8");
    const links = [...vsixManifest.matchAll(/Id="Microsoft\.VisualStudio\.Services\.Links\.[A-Za-z]+" Value="([^"]*)"/g)].map((m) => m[1]);
    if (repositoryUrl) assert.ok(links.length > 0 && links.every((link) => link.startsWith(repositoryUrl)), links.join(", "));
    else assert.deepEqual(links, [], "no repository link in extension.vsixmanifest");
    fs.rmSync(unpacked, { recursive: true });
  });
  check("the web page's zip: files at its root, footer version", () => {
    const unpacked = unpack(only(/^dalint-web-.*\.zip$/), "zip");
    assert.equal(footer(fs.readFileSync(path.join(unpacked, "index.html"), "utf8")), `dalint ${version}`);
    assert.ok(fs.existsSync(path.join(unpacked, "dalint_wasm_bg.wasm")));
    fs.rmSync(unpacked, { recursive: true });
  });
  check("SHA256SUMS covers every other file", () => {
    const lines = fs.readFileSync(path.join(dist, "SHA256SUMS"), "utf8").trim().split("\n");
    const listed = lines.map((line) => line.split(/\s+\*?/)[1]).sort();
    assert.deepEqual(listed, fs.readdirSync(dist).filter((f) => f !== "SHA256SUMS").sort());
    for (const line of lines) {
      const [sum, name] = line.split(/\s+\*?/);
      assert.equal(createHash("sha256").update(fs.readFileSync(path.join(dist, name))).digest("hex"), sum, name);
    }
  });
}

if (process.exitCode) process.exit(1);
console.log(`check-release-metadata: ${checks} checks passed (version ${version}${dist ? `, ${dist}` : ""})`);
