// Ships only the WeUI rules the pages use: PurgeCSS reads every page and script under wwwroot and keeps the rules
// (and the custom properties) they name. Run it after a page starts using another WeUI class:
//   node infra/local/trim-weui.mjs           writes wwwroot/lib/weui.css
//   node infra/local/trim-weui.mjs --check   exits 1 when the shipped file is not what the pages need
import { PurgeCSS } from "purgecss";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const app = join(dirname(fileURLToPath(import.meta.url)), "../../functions/Enrollment.Functions");
const source = join(app, "weui/weui.min.css");
const target = join(app, "wwwroot/lib/weui.css");

const [result] = await new PurgeCSS().purge({
  content: [join(app, "wwwroot/**/*.html"), join(app, "wwwroot/**/*.js")],
  css: [source],
  variables: true,
  keyframes: true,
  fontFace: true,
});

const banner = readFileSync(source, "utf8").match(/^\/\*![\s\S]*?\*\//)[0];
const trimmed = `${banner}\n/* Trimmed to the rules these pages use by infra/local/trim-weui.mjs; the full file and its licence: weui/weui.min.css, lib/WEUI-LICENSE.txt. */\n${result.css}\n`;

if (process.argv.includes("--check")) {
  let shipped = "";
  try { shipped = readFileSync(target, "utf8"); } catch { /* missing counts as stale */ }
  if (shipped !== trimmed) {
    console.error("wwwroot/lib/weui.css is not what the pages use: run node infra/local/trim-weui.mjs");
    process.exit(1);
  }
  console.log(`wwwroot/lib/weui.css is current (${Buffer.byteLength(trimmed)} bytes)`);
} else {
  writeFileSync(target, trimmed);
  console.log(`wrote wwwroot/lib/weui.css: ${Buffer.byteLength(trimmed)} of ${readFileSync(source).length} bytes`);
}
