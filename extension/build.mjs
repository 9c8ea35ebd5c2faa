import * as esbuild from "esbuild";
const common = { bundle: true, sourcemap: true, external: ["vscode"], logLevel: "warning" };
await esbuild.build({ ...common, entryPoints: ["src/extension.ts"], outfile: "dist/extension.js", platform: "node", format: "cjs", target: "node20" });
await esbuild.build({ ...common, entryPoints: ["test/suite/index.ts"], outfile: "dist/test/suite.js", platform: "node", format: "cjs", target: "node20", external: ["vscode", "mocha"] });
