// Reads, with the official Hugging Face JS client, a repo another client wrote, and compares it
// byte for byte with that client's manifest.
// Usage: node read-back.mjs <url> <token> <repo> <manifest.json>
// The manifest: {"files": [{"path", "size", "sha256", "lfs"}], "tags": [...]}.
// Exit status 0 only if every file is listed with its size (and LFS oid), downloads with the same
// sha256, and datasetInfo carries every tag.
import * as hub from "@huggingface/hub";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

const [url, token, name, manifestPath] = process.argv.slice(2);
if (!url || !token || !name || !manifestPath) {
  console.error("usage: node read-back.mjs <url> <token> <repo> <manifest.json>");
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
const common = { hubUrl: url, accessToken: token };
const repo = { type: "dataset", name };
const problems = [];

const listed = {};
for await (const f of hub.listFiles({ ...common, repo, recursive: true })) listed[f.path] = f;

for (const want of manifest.files) {
  const entry = listed[want.path];
  if (!entry) {
    problems.push(`${want.path}: not listed`);
    continue;
  }
  if (entry.size !== want.size) problems.push(`${want.path}: listed size ${entry.size}, expected ${want.size}`);
  if (want.lfs && entry.lfs?.oid !== want.sha256) problems.push(`${want.path}: LFS oid ${entry.lfs?.oid}`);
  if (!want.lfs && entry.lfs) problems.push(`${want.path}: stored through LFS, expected a regular file`);
  const blob = await hub.downloadFile({ ...common, repo, path: want.path, xet: false });
  if (!blob) {
    problems.push(`${want.path}: download found nothing`);
    continue;
  }
  const bytes = Buffer.from(await blob.arrayBuffer());
  const sha = createHash("sha256").update(bytes).digest("hex");
  if (bytes.length !== want.size || sha !== want.sha256) {
    problems.push(`${want.path}: downloaded ${bytes.length} bytes with sha256 ${sha}`);
  } else {
    console.log(`ok   ${want.path} ${bytes.length} bytes${want.lfs ? " (LFS)" : ""}`);
  }
}

const info = await hub.datasetInfo({ ...common, name, additionalFields: ["tags"] });
for (const t of manifest.tags ?? []) {
  if (!info.tags.includes(t)) problems.push(`tag ${t} missing from ${info.tags.join(" ")}`);
}

for (const p of problems) console.log(`FAIL ${p}`);
console.log(problems.length === 0
  ? `read-back: all ${manifest.files.length} files and ${(manifest.tags ?? []).length} tags match`
  : `read-back: ${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
