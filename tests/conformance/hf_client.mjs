// Conformance of hf2ms-hubsim's Hugging Face side, refereed by the official @huggingface/hub
// client (pinned in package.json). Starts the built simulator on ephemeral ports, drives the
// client through the calls hf2ms and its users depend on, and exits non-zero on the first
// failed step. Usage: node hf_client.mjs <path to hf2ms-hubsim>
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import * as hub from "@huggingface/hub";

const binary = process.argv[2];
if (!binary) {
  console.error("usage: node hf_client.mjs <hf2ms-hubsim>");
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), "hf2ms-conformance-"));
const readyFile = join(work, "ready.json");
const logFile = join(work, "requests.jsonl");
const usersFile = join(work, "users.json");
// The JS client refuses tokens that do not start with hf_ (checkCredentials).
const accessToken = "hf_conformance_write_token";
writeFileSync(
  usersFile,
  JSON.stringify({
    users: [{ name: "hubjs", orgs: ["conf"], tokens: [{ value: accessToken, hub: "hf", role: "write" }] }],
  }),
);
const PAGE_SIZE = 3;
const sim = spawn(
  binary,
  ["--data", join(work, "data"), "--listen", "127.0.0.1:0", "--ms-listen", "127.0.0.1:0", "--cdn-listen",
   "127.0.0.1:0", "--users", usersFile, "--log", logFile, "--ready-file", readyFile, "--page-size", String(PAGE_SIZE),
   "--multipart-threshold", String(8 << 20), "--multipart-chunk", String(5 << 20)],
  { stdio: ["ignore", "inherit", "inherit"] },
);

async function waitReady(file = readyFile, proc = sim) {
  for (let i = 0; i < 300; i++) {
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
    if (proc.exitCode !== null) throw new Error(`hf2ms-hubsim exited with ${proc.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("hf2ms-hubsim did not become ready");
}

// A second simulator with the Hub's own page size (1,000 tree entries) and strict defaults,
// seeded with a repo of more than 3,000 files.
const BIG_FILES = 3200;
const bigSeed = join(work, "big-seed.json");
writeFileSync(
  bigSeed,
  JSON.stringify({
    repos: [{ hub: "hf", id: "conf/many-files", files: [{ path: "shard/f-{j}.txt", count: BIG_FILES, size: 16 }] }],
  }),
);
const bigReady = join(work, "big-ready.json");
const bigSim = spawn(
  binary,
  ["--data", join(work, "big-data"), "--listen", "127.0.0.1:0", "--ms-listen", "127.0.0.1:0", "--cdn-listen",
   "127.0.0.1:0", "--users", usersFile, "--seed", bigSeed, "--ready-file", bigReady],
  { stdio: ["ignore", "inherit", "inherit"] },
);

function bytes(n, seed) {
  const out = new Uint8Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

let failures = 0;
async function step(name, fn) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (err) {
    failures++;
    console.log(`FAIL ${name}: ${err && err.stack ? err.stack : err}`);
  }
}

async function main() {
  const urls = await waitReady();
  const hubUrl = urls.hf;
  const repo = { type: "model", name: "conf/mirror-test" };
  const common = { hubUrl, accessToken };
  const small = new TextEncoder().encode("hello from the conformance suite\n");
  const lfs = bytes(300 * 1024, 1); // *.bin: LFS through .gitattributes, basic transfer
  const big = bytes(12 * 1024 * 1024 + 123, 2); // above the 8 MiB threshold: multipart
  const extra = Array.from({ length: 5 }, (_, i) => ({ path: `dir/f${i}.txt`, content: new Blob([`file ${i}\n`]) }));

  await step("whoAmI", async () => {
    const me = await hub.whoAmI(common);
    assert.equal(me.name, "hubjs");
    assert.equal(me.auth.accessToken.role, "write");
  });
  await step("createRepo", async () => {
    const out = await hub.createRepo({ ...common, repo });
    assert.equal(out.repoUrl, `${hubUrl}/conf/mirror-test`);
  });
  await step("uploadFiles (regular, LFS basic, LFS multipart)", async () => {
    const out = await hub.uploadFiles({
      ...common,
      repo,
      files: [
        { path: "small.txt", content: new Blob([small]) },
        { path: "weights/model.bin", content: new Blob([lfs]) },
        { path: "big.safetensors", content: new Blob([big]) },
        ...extra,
      ],
    });
    assert.match(out.commit.oid, /^[0-9a-f]{40}$/);
  });
  await step("listFiles recursive over several pages", async () => {
    const paths = [];
    for await (const entry of hub.listFiles({ ...common, repo, recursive: true })) {
      paths.push(entry.path);
      assert.ok(!("xetHash" in entry), "no Xet fields");
      if (entry.path === "big.safetensors") {
        assert.equal(entry.size, big.length);
        assert.equal(entry.lfs.size, big.length);
      }
    }
    const expected = [".gitattributes", "big.safetensors", "dir", "small.txt", "weights", "weights/model.bin",
                      ...extra.map((f) => f.path)].sort();
    assert.deepEqual([...paths].sort(), expected);
    assert.ok(paths.length > 2 * PAGE_SIZE, "the listing spans several pages");
    const logged = readFileSync(logFile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
    const pages = logged.filter((e) => e.path === "/api/models/conf/mirror-test/tree/main");
    assert.ok(pages.length >= 3, `expected >= 3 tree pages, saw ${pages.length}`);
  });
  await step("modelInfo", async () => {
    const info = await hub.modelInfo({ ...common, name: repo.name });
    assert.equal(info.name, "conf/mirror-test");
    assert.equal(info.private, false);
    assert.equal(info.gated, false);
  });
  for (const [path, content] of [["small.txt", small], ["weights/model.bin", lfs], ["big.safetensors", big]]) {
    await step(`downloadFile ${path}`, async () => {
      const blob = await hub.downloadFile({ ...common, repo, path });
      assert.ok(blob, "file found");
      const got = new Uint8Array(await blob.arrayBuffer());
      assert.equal(got.length, content.length);
      assert.ok(Buffer.from(got).equals(Buffer.from(content)), "bytes equal");
    });
  }
  await step("uploadFiles with a README.md carrying valid metadata", async () => {
    const readme = "---\nlicense: apache-2.0\ntags:\n- mirror\nwidget:\n- text: hello\n---\n# Card\n";
    const out = await hub.uploadFiles({
      ...common,
      repo,
      files: [{ path: "README.md", content: new Blob([readme]) }],
    });
    assert.match(out.commit.oid, /^[0-9a-f]{40}$/);
  });
  for (const [what, readme] of [
    ["an unknown license id", "---\nlicense: Apache License 2.0\n---\n# Card\n"],
    ["a widget that is not a list", "---\nlicense: mit\nwidget: hello\n---\n"],
  ]) {
    await step(`uploadFiles with README.md metadata carrying ${what} fails as on the Hub`, async () => {
      const before = (await hub.modelInfo({ ...common, name: repo.name, additionalFields: ["sha"] })).sha;
      assert.match(before, /^[0-9a-f]{40}$/);
      await assert.rejects(
        hub.uploadFiles({ ...common, repo, files: [{ path: "README.md", content: new Blob([readme]) }] }),
        (err) => {
          assert.equal(err.statusCode, 400, `status of ${err}`);
          assert.match(err.message, /Invalid metadata in README\.md/);
          return true;
        },
      );
      const after = (await hub.modelInfo({ ...common, name: repo.name, additionalFields: ["sha"] })).sha;
      assert.equal(after, before, "the refused commit did not land");
    });
  }
  await step("validate-yaml answers the shapes the Python client reads", async () => {
    const post = (content) =>
      fetch(`${hubUrl}/api/validate-yaml`, {
        method: "POST",
        headers: { Authorization: `Bearer ${accessToken}`, "Content-Type": "application/json" },
        body: JSON.stringify({ content, repoType: "model" }),
      });
    const ok = await post("---\nlicense: mit\n---\n");
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { errors: [], warnings: [] });
    const bad = await post("---\nlicense: nope\n---\n");
    assert.equal(bad.status, 400);
    const body = await bad.json();
    assert.ok(Array.isArray(body.warnings));
    assert.match(body.errors[0].message, /^"license" must be one of \[/);
  });
  await step("a regular file's /resolve/ is a relative 307 to resolve-cache that the client follows", async () => {
    const res = await fetch(`${hubUrl}/${repo.name}/resolve/main/small.txt`, { redirect: "manual" });
    assert.equal(res.status, 307);
    assert.match(res.headers.get("location"), /^\/api\/resolve-cache\/models\/conf\/mirror-test\/[0-9a-f]{40}\/small\.txt\?/);
    assert.match(res.headers.get("x-repo-commit"), /^[0-9a-f]{40}$/);
    const info = await hub.fileDownloadInfo({ ...common, repo, path: "small.txt" });
    assert.equal(info.size, small.length);
  });
  await step("listFiles of a repo of more than 3,000 files at the Hub's 1,000-entry page size", async () => {
    const big = await waitReady(bigReady, bigSim);
    let files = 0;
    for await (const entry of hub.listFiles({ hubUrl: big.hf, accessToken, repo: "conf/many-files", recursive: true })) {
      if (entry.type === "file" && entry.path.startsWith("shard/")) files++;
    }
    assert.equal(files, BIG_FILES);
    const res = await fetch(`${big.hf}/api/models/conf/many-files/tree/main?recursive=true`, {
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    assert.equal((await res.json()).length, 1000, "first page holds 1,000 entries");
    assert.match(res.headers.get("link"), /rel="next"/);
  });
  await step("delete commit", async () => {
    await hub.deleteFile({ ...common, repo, path: "small.txt" });
    assert.equal(await hub.fileExists({ ...common, repo, path: "small.txt" }), false);
    assert.equal(await hub.fileExists({ ...common, repo, path: "weights/model.bin" }), true);
  });
  await step("repoExists", async () => {
    assert.equal(await hub.repoExists({ ...common, repo: { type: "model", name: "conf/does-not-exist" } }), false);
    assert.equal(await hub.repoExists({ ...common, repo }), true);
  });
  await step("the token never reached the CDN listener", async () => {
    const logged = readFileSync(logFile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
    const cdn = logged.filter((e) => e.listener === "cdn");
    assert.ok(cdn.length > 0, "uploads and downloads went through the CDN");
    const seen = (method, prefix) => cdn.some((e) => e.method === method && e.path.startsWith(prefix));
    assert.ok(seen("PUT", "/hf-lfs/upload/"), "a basic LFS upload happened");
    assert.ok(seen("PUT", "/hf-lfs/part/") && seen("POST", "/hf-lfs/complete/"), "a multipart upload happened");
    for (const e of cdn) {
      for (const [k, v] of e.headers) {
        assert.ok(!v.includes(accessToken), `token sent to the CDN in ${k} of ${e.method} ${e.path}`);
      }
    }
  });
}

try {
  await main();
} catch (err) {
  failures++;
  console.log(`FAIL setup: ${err && err.stack ? err.stack : err}`);
} finally {
  for (const proc of [sim, bigSim]) {
    proc.kill("SIGTERM");
    await new Promise((r) => (proc.exitCode !== null ? r() : proc.once("exit", r)));
  }
  rmSync(work, { recursive: true, force: true });
}
console.log(failures === 0 ? "hf conformance: all steps passed" : `hf conformance: ${failures} step(s) failed`);
process.exit(failures === 0 ? 0 : 1);
