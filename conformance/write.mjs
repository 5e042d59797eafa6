// Writes a repo with the official Hugging Face JS client, for another client to read back, and
// prints the manifest of what it wrote.
// Usage: node write.mjs <url> <token> <repo> <manifest.json>
// It creates the repo and uploads in one commit a card, a CSV, a file with a space and non-ASCII
// letters in its name, a small binary (LFS) and a 12 MiB binary (LFS, multipart when the server's
// chunk size is smaller). The manifest: {"files": [{"path", "size", "sha256", "lfs"}], "tags": [...]}.
import * as hub from "@huggingface/hub";
import { createHash, randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";

const [url, token, name, manifestPath] = process.argv.slice(2);
if (!url || !token || !name || !manifestPath) {
  console.error("usage: node write.mjs <url> <token> <repo> <manifest.json>");
  process.exit(2);
}
const common = { hubUrl: url, accessToken: token };
const repo = { type: "dataset", name };

const card = `---
license: apache-2.0
language:
- fr
tags:
- written-by-js
---
# Written by the official client

See https://arxiv.org/abs/1706.03762.
`;
const small = randomBytes(4000);
small[0] = 0;
const big = randomBytes(12 * 1024 * 1024 + 7);
big[0] = 0;
const files = [
  { path: "README.md", bytes: Buffer.from(card), lfs: false },
  { path: "data/table.csv", bytes: Buffer.from("x,y\n1,2\n"), lfs: false },
  { path: "data/été notes.txt", bytes: Buffer.from("accents et espaces\n"), lfs: false },
  { path: "data/small.bin", bytes: small, lfs: true },
  { path: "data/big.bin", bytes: big, lfs: true },
];

await hub.createRepo({ ...common, repo });
const res = await hub.uploadFiles({
  ...common,
  repo,
  useXet: false,
  commitTitle: "Written by @huggingface/hub",
  files: files.map((f) => ({ path: f.path, content: new Blob([f.bytes]) })),
});
const manifest = {
  commit: res.commit.oid,
  files: files.map((f) => ({
    path: f.path,
    size: f.bytes.length,
    sha256: createHash("sha256").update(f.bytes).digest("hex"),
    lfs: f.lfs,
  })),
  tags: ["license:apache-2.0", "language:fr", "written-by-js", "arxiv:1706.03762"],
};
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
console.log(`write: ${files.length} files in commit ${res.commit.oid}`);
