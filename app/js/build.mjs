// Bundles editor.js into one minified IIFE that defines the global `MarbleEditor` (its exports).
//
//   npm --prefix app/js run build -- [outfile]     (default: app/js/dist/editor.js)
//
// A relative outfile is resolved against the directory npm was started from (INIT_CWD), so the
// command reads the same from the repository root as from app/js.
import { build } from "esbuild";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const arg = process.argv[2];
const outfile = arg ? resolve(process.env.INIT_CWD ?? process.cwd(), arg) : resolve(here, "dist/editor.js");

const result = await build({
  entryPoints: [resolve(here, "editor.js")],
  outfile,
  bundle: true,
  format: "iife",
  // A classic script's top-level `var` is a property of `window`: wasm-bindgen's
  // `js_namespace = MarbleEditor` finds it there.
  globalName: "MarbleEditor",
  minify: true,
  // Browsers with WebGPU are the only ones Marble runs on; no need to lower modern syntax further.
  target: ["es2022"],
  legalComments: "eof",
  metafile: true,
  logLevel: "warning",
});

const bytes = Object.values(result.metafile.outputs)[0].bytes;
console.log(`${outfile}: ${(bytes / 1024).toFixed(1)} KiB`);
