// Trunk post-build hook: writes the page's Content-Security-Policy into the built index.html.
// Trunk starts the app with an inline module script whose text names the hashed file names of
// this build, so the policy allows exactly that script by its SHA-256 and nothing else inline.
// Same-origin script and wasm only (wasm compilation needs 'wasm-unsafe-eval'), no inline script
// or style, no off-origin connection; the favicon is a data: image.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const file = join(process.env.TRUNK_STAGING_DIR ?? 'dist', 'index.html');
let html = readFileSync(file, 'utf8');
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
if (inline.length === 0) {
  throw new Error(`${file}: no inline script to allow (did Trunk change how it starts the app?)`);
}
const hashes = inline.map((text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`);
const policy = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
if (html.includes('http-equiv="Content-Security-Policy"')) {
  throw new Error(`${file}: already has a Content-Security-Policy`);
}
// First in <head>: a policy applies only to what comes after it.
html = html.replace(/<head>/, `<head>\n    ${meta}`);
writeFileSync(file, html);
console.log(`[csp] ${file}: ${inline.length} inline script(s) allowed by hash`);
