// Conformance of hf2ms-hubsim's Hugging Face branches and tags (protocols/huggingface-hub.md
// §7.5, §9), refereed by the official @huggingface/hub client where it has the calls
// (createBranch, deleteBranch, listFiles / commit at a revision) and by plain fetch in the
// shapes the notes give where it has none (GET refs, POST/DELETE tag). Exits non-zero on the
// first failed step. Usage: node hf_refs.mjs <path to hf2ms-hubsim>
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import * as hub from "@huggingface/hub";

const binary = process.argv[2];
if (!binary) {
  console.error("usage: node hf_refs.mjs <hf2ms-hubsim>");
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), "hf2ms-refs-"));
const readyFile = join(work, "ready.json");
const usersFile = join(work, "users.json");
const accessToken = "hf_conformance_refs_token";
writeFileSync(
  usersFile,
  JSON.stringify({
    users: [{ name: "hubjs", orgs: ["conf"], tokens: [{ value: accessToken, hub: "hf", role: "write" }] }],
  }),
);
const sim = spawn(
  binary,
  ["--data", join(work, "data"), "--listen", "127.0.0.1:0", "--ms-listen", "127.0.0.1:0", "--cdn-listen",
   "127.0.0.1:0", "--users", usersFile, "--ready-file", readyFile],
  { stdio: ["ignore", "inherit", "inherit"] },
);

async function waitReady() {
  for (let i = 0; i < 300; i++) {
    if (existsSync(readyFile)) return JSON.parse(readFileSync(readyFile, "utf8"));
    if (sim.exitCode !== null) throw new Error(`hf2ms-hubsim exited with ${sim.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("hf2ms-hubsim did not become ready");
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

async function paths(common, repo, revision) {
  const out = [];
  for await (const e of hub.listFiles({ ...common, repo, recursive: true, revision })) {
    if (e.type === "file" && e.path !== ".gitattributes") out.push(e.path);  // a new repo has its own
  }
  return out.sort();
}

async function main() {
  const { hf: hubUrl } = await waitReady();
  const repo = { type: "model", name: "conf/refs-test" };
  const common = { hubUrl, accessToken };
  const api = `${hubUrl}/api/models/conf/refs-test`;
  const auth = { Authorization: `Bearer ${accessToken}` };
  const post = (url, body) =>
    fetch(url, { method: "POST", headers: { ...auth, "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const refs = async () => {
    const res = await fetch(`${api}/refs`, { headers: auth });
    assert.equal(res.status, 200);
    return res.json();
  };
  let v1 = "";

  await step("setup: a repo with one commit", async () => {
    await hub.createRepo({ ...common, repo });
    const out = await hub.uploadFiles({ ...common, repo, files: [{ path: "a.txt", content: new Blob(["one\n"]) }] });
    v1 = out.commit.oid;
  });
  await step("GET refs sends every key the Python client requires", async () => {
    const r = await refs();
    for (const key of ["branches", "converts", "tags", "pullRequests"]) assert.ok(Array.isArray(r[key]), key);
    assert.deepEqual(r.branches.map((b) => [b.name, b.ref]), [["main", "refs/heads/main"]]);
    assert.equal(r.branches[0].targetCommit, v1);
  });
  await step("POST tag/{rev} with {tag} tags the revision; GET refs lists it", async () => {
    const res = await post(`${api}/tag/main`, { tag: "v1.0", message: "first" });
    assert.equal(res.status, 200);
    const r = await refs();
    assert.deepEqual(r.tags, [{ name: "v1.0", ref: "refs/tags/v1.0", targetCommit: v1 }]);
  });
  await step("a tag is immutable: a second POST of the same name is 409", async () => {
    const res = await post(`${api}/tag/${v1}`, { tag: "v1.0" });
    assert.equal(res.status, 409);
  });
  await step("a tag name git refuses is 400; a tag of an unknown revision is 404 RevisionNotFound", async () => {
    assert.equal((await post(`${api}/tag/main`, { tag: "bad..name" })).status, 400);
    assert.equal((await post(`${api}/tag/main`, {})).status, 400);
    const res = await post(`${api}/tag/${"0".repeat(40)}`, { tag: "v0" });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get("x-error-code"), "RevisionNotFound");
  });
  await step("the tree at a tag stays put while the branch moves", async () => {
    await hub.uploadFiles({ ...common, repo, files: [{ path: "b.txt", content: new Blob(["two\n"]) }] });
    assert.deepEqual(await paths(common, repo, "v1.0"), ["a.txt"]);
    assert.deepEqual(await paths(common, repo, "main"), ["a.txt", "b.txt"]);
    const info = await hub.modelInfo({ ...common, name: repo.name, revision: "v1.0" });
    assert.equal(info.sha ?? v1, v1);
  });
  await step("createBranch from a tag; a commit to the branch leaves main alone", async () => {
    await hub.createBranch({ ...common, repo, branch: "release/1", revision: "v1.0" });
    await hub.uploadFiles({ ...common, repo, branch: "release/1", files: [{ path: "c.txt", content: new Blob(["3\n"]) }] });
    assert.deepEqual(await paths(common, repo, "release/1"), ["a.txt", "c.txt"]);
    assert.deepEqual(await paths(common, repo, "main"), ["a.txt", "b.txt"]);
    const names = (await refs()).branches.map((b) => b.name).sort();
    assert.deepEqual(names, ["main", "release/1"]);
  });
  await step("createBranch of an existing branch fails with 409; overwrite alone is a no-op", async () => {
    await assert.rejects(hub.createBranch({ ...common, repo, branch: "release/1" }), (e) => e.statusCode === 409);
    const before = (await refs()).branches.find((b) => b.name === "release/1").targetCommit;
    await hub.createBranch({ ...common, repo, branch: "release/1", overwrite: true });
    assert.equal((await refs()).branches.find((b) => b.name === "release/1").targetCommit, before);
    await hub.createBranch({ ...common, repo, branch: "release/1", revision: v1, overwrite: true });
    assert.equal((await refs()).branches.find((b) => b.name === "release/1").targetCommit, v1);
  });
  await step("deleteBranch; the default branch cannot be deleted; a missing one fails", async () => {
    await hub.deleteBranch({ ...common, repo, branch: "release/1" });
    assert.deepEqual((await refs()).branches.map((b) => b.name), ["main"]);
    await assert.rejects(hub.deleteBranch({ ...common, repo, branch: "main" }));
    await assert.rejects(hub.deleteBranch({ ...common, repo, branch: "release/1" }));
  });
  await step("DELETE tag removes it; deleting it again is 404 RevisionNotFound", async () => {
    const del = () => fetch(`${api}/tag/v1.0`, { method: "DELETE", headers: auth });
    assert.equal((await del()).status, 200);
    assert.deepEqual((await refs()).tags, []);
    const again = await del();
    assert.equal(again.status, 404);
    assert.equal(again.headers.get("x-error-code"), "RevisionNotFound");
  });
  await step("ref writes need a write token", async () => {
    const res = await fetch(`${api}/tag/main`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ tag: "anon" }),
    });
    assert.ok(res.status === 401 || res.status === 403, `status ${res.status}`);
  });
}

try {
  await main();
} catch (err) {
  failures++;
  console.log(`FAIL setup: ${err && err.stack ? err.stack : err}`);
} finally {
  sim.kill("SIGTERM");
  await new Promise((r) => (sim.exitCode !== null ? r() : sim.once("exit", r)));
  rmSync(work, { recursive: true, force: true });
}
console.log(failures === 0 ? "hf refs conformance: all steps passed" : `hf refs conformance: ${failures} step(s) failed`);
process.exit(failures === 0 ? 0 : 1);
