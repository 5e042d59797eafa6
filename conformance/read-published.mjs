// Reads a dataset repo that HuggingNERSC published, with the official Hugging Face JS client
// (@huggingface/hub, pinned in package.json), and prints what a Hub user would see as one JSON
// object: {"id", "sha", "tags", "cardData", "files": [{"path", "size", "oid"}], "nersc": <nersc.json>}.
// Usage: node read-published.mjs <url> <token> <owner/name>
import * as hub from "@huggingface/hub";

const [url, token, name] = process.argv.slice(2);
if (!url || !token || !name) {
  console.error("usage: node read-published.mjs <url> <token> <owner/name>");
  process.exit(2);
}
const common = { hubUrl: url, accessToken: token };
const repo = { type: "dataset", name };
try {
  const info = await hub.datasetInfo({ ...common, name, additionalFields: ["tags", "sha", "cardData"] });
  const files = [];
  for await (const f of hub.listFiles({ ...common, repo, recursive: true })) {
    if (f.type === "file") files.push({ path: f.path, size: f.size, oid: f.oid });
  }
  const blob = await hub.downloadFile({ ...common, repo, path: "nersc.json", xet: false });
  const nersc = blob ? JSON.parse(await blob.text()) : null;
  console.log(JSON.stringify({ id: info.name ?? name, sha: info.sha, tags: info.tags, cardData: info.cardData, files, nersc }));
} catch (e) {
  console.error(`read-published: ${e?.statusCode ? e.statusCode + " " : ""}${e?.message ?? e}`);
  process.exit(1);
}
