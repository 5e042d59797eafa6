// Runs the official Hugging Face JS client (@huggingface/hub, pinned in package.json) against a
// HuggingNERSC local hub, step by step. Usage: node conformance.mjs <url> <token>
// Exit status 0 only if every step passed; each step prints one line.
import * as hub from "@huggingface/hub";
import { createHash, randomBytes } from "node:crypto";

const [url, token] = process.argv.slice(2);
if (!url || !token) {
  console.error("usage: node conformance.mjs <url> <token>");
  process.exit(2);
}
// Every request goes through this fetch, so steps can prove which protocol paths were taken.
const requests = [];
const tracingFetch = (input, init) => {
  requests.push(`${init?.method ?? "GET"} ${typeof input === "string" ? input : input.url}`);
  return fetch(input, init);
};
const common = { hubUrl: url, accessToken: token, fetch: tracingFetch };
const since = (n, re) => requests.slice(n).filter((r) => re.test(r));
const ns = "conformance";
const name = `js-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
const repo = { type: "dataset", name: `${ns}/${name}` };
let failures = 0;

function check(cond, what) {
  if (!cond) throw new Error(what);
}

async function step(title, fn) {
  try {
    const detail = await fn();
    console.log(`ok   ${title}${detail ? " — " + detail : ""}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${title} — ${e?.statusCode ? e.statusCode + " " : ""}${e?.message ?? e}`);
  }
}

async function collect(gen) {
  const out = [];
  for await (const x of gen) out.push(x);
  return out;
}

const card = `---
license: cc-by-4.0
language:
- en
size_categories:
- n<1K
tags:
- climate
- nersc
---
# Conformance dataset

Made by the conformance script. See the paper https://arxiv.org/abs/2101.00001 for details.
`;
const csv = "a,b\n1,2\n3,4\n";
// 12 MiB + 123 bytes of binary: LFS by size and content, multipart above the server's chunk size
const big = randomBytes(12 * 1024 * 1024 + 123);
big[0] = 0;
const bigSha = createHash("sha256").update(big).digest("hex");

let firstCommit;
let uploadCommit;

await step("whoAmI", async () => {
  const me = await hub.whoAmI(common);
  check(me.name === "huggingnersc-local", `name is ${me.name}`);
  check(me.auth && me.auth.accessToken, "no auth.accessToken");
  return `user ${me.name}`;
});

await step("createRepo", async () => {
  const res = await hub.createRepo({ ...common, repo });
  check(res.repoUrl === `${url}/datasets/${ns}/${name}`, `repoUrl ${res.repoUrl}`);
  return res.repoUrl;
});

await step("createRepo again is a 409 conflict", async () => {
  try {
    await hub.createRepo({ ...common, repo });
  } catch (e) {
    check(e.statusCode === 409, `status ${e.statusCode}: ${e.message}`);
    return "409";
  }
  throw new Error("second createRepo succeeded");
});

await step("repoExists", async () => {
  check(await hub.repoExists({ ...common, repo }), "repo does not exist");
  check(!(await hub.repoExists({ ...common, repo: { type: "dataset", name: `${ns}/no-such-repo` } })), "missing repo exists");
  return "true, and false for a missing repo";
});

await step("listCommits after creation", async () => {
  const commits = await collect(hub.listCommits({ ...common, repo }));
  check(commits.length === 1, `${commits.length} commits`);
  firstCommit = commits[0].oid;
  return firstCommit;
});

await step("uploadFiles (card, CSV, 12 MiB binary through LFS multipart)", async () => {
  const before = requests.length;
  const res = await hub.uploadFiles({
    ...common,
    repo,
    useXet: true,
    commitTitle: "Add card, table and binary",
    files: [
      { path: "README.md", content: new Blob([card]) },
      { path: "data/table.csv", content: new Blob([csv]) },
      { path: "data/blob.dat", content: new Blob([big]) },
    ],
  });
  check(/^[0-9a-f]{40}$/.test(res.commit.oid), `commit oid ${res.commit.oid}`);
  check(res.commit.url.endsWith(`/datasets/${ns}/${name}/commit/${res.commit.oid}`), `commit url ${res.commit.url}`);
  uploadCommit = res.commit.oid;
  const parts = since(before, /^PUT .*\/lfs-upload\/[0-9a-f]+\/\d+$/).length;
  check(parts >= 3, `${parts} multipart part uploads; expected at least 3 (5 MB parts)`);
  check(since(before, /^POST .*\/complete$/).length === 1, "no multipart completion");
  return `${res.commit.oid}, ${parts} parts`;
});

await step("listFiles recursive (sizes, LFS oid)", async () => {
  const files = await collect(hub.listFiles({ ...common, repo, recursive: true }));
  const byPath = Object.fromEntries(files.map((f) => [f.path, f]));
  check(byPath["data"]?.type === "directory", "no data folder");
  check(byPath["data/table.csv"]?.size === csv.length, `csv size ${byPath["data/table.csv"]?.size}`);
  const b = byPath["data/blob.dat"];
  check(b?.size === big.length, `binary size ${b?.size}`);
  check(b?.lfs?.oid === bigSha, `binary lfs oid ${b?.lfs?.oid}`);
  check(byPath[".gitattributes"], "no .gitattributes");
  return `${files.length} entries`;
});

await step("downloadFile gives the same bytes", async () => {
  const blob = await hub.downloadFile({ ...common, repo, path: "data/blob.dat", xet: false });
  const got = Buffer.from(await blob.arrayBuffer());
  check(got.length === big.length && got.equals(big), `got ${got.length} bytes, different`);
  const csvBlob = await hub.downloadFile({ ...common, repo, path: "data/table.csv" });
  check((await csvBlob.text()) === csv, "CSV differs");
  return `${got.length} + ${csv.length} bytes`;
});

await step("fileDownloadInfo", async () => {
  const info = await hub.fileDownloadInfo({ ...common, repo, path: "data/blob.dat" });
  check(info.size === big.length, `size ${info.size}`);
  check(info.etag.replaceAll('"', "") === bigSha, `etag ${info.etag}`);
  const missing = await hub.fileDownloadInfo({ ...common, repo, path: "nope.txt" });
  check(missing === null, "missing file has info");
  return `size ${info.size}, etag sha256`;
});

await step("fileExists", async () => {
  check(await hub.fileExists({ ...common, repo, path: "data/table.csv" }), "CSV does not exist");
  check(!(await hub.fileExists({ ...common, repo, path: "data/none.csv" })), "missing file exists");
  return "true, and false for a missing file";
});

await step("datasetInfo at HEAD (tags from the card)", async () => {
  const info = await hub.datasetInfo({ ...common, name: repo.name, additionalFields: ["tags", "sha", "cardData"] });
  check(info.name === repo.name, `name ${info.name}`);
  check(info.sha === uploadCommit, `sha ${info.sha}`);
  for (const t of ["license:cc-by-4.0", "language:en", "size_categories:n<1K", "climate", "nersc", "arxiv:2101.00001", "region:us"]) {
    check(info.tags.includes(t), `tag ${t} missing from ${info.tags}`);
  }
  check(info.cardData?.license === "cc-by-4.0", "cardData.license");
  return info.tags.join(" ");
});

await step("datasetInfo at the first commit", async () => {
  const info = await hub.datasetInfo({ ...common, name: repo.name, revision: firstCommit, additionalFields: ["tags", "sha"] });
  check(info.sha === firstCommit, `sha ${info.sha}`);
  check(!info.tags.includes("license:cc-by-4.0"), "old commit has the new card's tags");
  return `sha ${info.sha}`;
});

await step("commit with a stale parentCommit is refused", async () => {
  try {
    await hub.uploadFile({ ...common, repo, parentCommit: firstCommit, file: { path: "late.txt", content: new Blob(["late"]) } });
  } catch (e) {
    check(e.statusCode === 412, `status ${e.statusCode}: ${e.message}`);
    return "412";
  }
  throw new Error("stale commit accepted");
});

await step("deleteFile", async () => {
  await hub.deleteFile({ ...common, repo, path: "data/table.csv" });
  check(!(await hub.fileExists({ ...common, repo, path: "data/table.csv" })), "still there");
  return "data/table.csv gone";
});

await step("listCommits (newest first)", async () => {
  const commits = await collect(hub.listCommits({ ...common, repo, batchSize: 1 }));
  check(commits.length === 3, `${commits.length} commits`);
  check(commits[1].oid === uploadCommit && commits[2].oid === firstCommit, "order");
  check(commits[1].title === "Add card, table and binary", `title ${commits[1].title}`);
  return commits.map((c) => c.oid.slice(0, 8)).join(" ");
});

const extra = [];
await step("listDatasets across pages", async () => {
  for (let i = 0; i < 4; i++) {
    const r = { type: "dataset", name: `${ns}/${name}-p${i}` };
    await hub.createRepo({ ...common, repo: r });
    extra.push(r);
  }
  const before = requests.length;
  const all = await collect(hub.listDatasets({ ...common, search: { owner: ns, query: name } }));
  const names = all.map((d) => d.name).sort();
  check(names.length === 5, `${names.length} datasets: ${names}`);
  const pages = since(before, /^GET .*\/api\/datasets\?/).length;
  check(pages >= 3, `${pages} pages; start the server with --page-size 2`);
  const tagged = await collect(hub.listDatasets({ ...common, search: { owner: ns, tags: ["arxiv:2101.00001"] } }));
  check(tagged.some((d) => d.name === repo.name), "tag filter misses the repo");
  return `${names.length} datasets in ${pages} pages`;
});

await step("deleteRepo", async () => {
  for (const r of [repo, ...extra]) {
    await hub.deleteRepo({ ...common, repo: r });
  }
  check(!(await hub.repoExists({ ...common, repo })), "repo still exists");
  return `${1 + extra.length} repos deleted`;
});

console.log(failures === 0 ? "conformance: all steps passed" : `conformance: ${failures} step(s) failed`);
process.exit(failures === 0 ? 0 : 1);
