#include "unit/planner/fixtures.hpp"

#include <cstdio>

namespace hf2ms::test {

using manifest::Hub;

manifest::Manifest example_manifest() {
  manifest::Manifest m;
  manifest::Mirror qwen;
  qwen.source = ref(Hub::hf, "Qwen", "Qwen2.5-0.5B-Instruct");
  qwen.target = ref(Hub::ms, "acme", "Qwen2.5-0.5B-Instruct");
  qwen.revision = "main";
  qwen.include = {"*.safetensors", "*.json", "*.md", "*.txt"};
  qwen.exclude = {".gitattributes"};
  qwen.location = {"hf2ms.toml", 24, 1};
  manifest::Mirror corom;
  corom.source = ref(Hub::ms, "damo", "nlp_corom_sentence-embedding_english-base");
  corom.target = ref(Hub::hf, "acme", "corom-english-base");
  corom.prune = manifest::Prune::yes;
  corom.exclude = {".gitattributes"};
  corom.location = {"hf2ms.toml", 30, 1};
  manifest::Mirror org;
  org.source = ref(Hub::hf, "acme", "*");
  org.target = ref(Hub::ms, "acme-mirror", "*");
  org.exclude = {".gitattributes"};
  org.location = {"hf2ms.toml", 34, 1};
  manifest::Mirror space;
  space.source = ref(Hub::hf, "acme", "demo-space");
  space.target = ref(Hub::ms, "acme", "demo-space");
  space.type = manifest::RepoType::space;
  space.target_type = manifest::RepoType::space;
  space.location = {"hf2ms.toml", 38, 1};
  m.mirrors = {qwen, corom, org, space};
  return m;
}

namespace {

state::MirrorObservation qwen_observation() {
  state::MirrorObservation o;
  o.mirror_index = 0;
  o.source = repo(ref(Hub::hf, "Qwen", "Qwen2.5-0.5B-Instruct"),
                  {hf_small(".gitattributes", 1519, 'a'), hf_small("config.json", 659, 'c'),
                   hf_lfs("model.safetensors", 988'097'824, 'e')},
                  "7ae5573d6d1a2b3c4d5e6f708192a3b4c5d6e7f8");
  o.target = missing_repo(ref(Hub::ms, "acme", "Qwen2.5-0.5B-Instruct"));
  return o;
}

state::MirrorObservation corom_observation() {
  state::MirrorObservation o;
  o.mirror_index = 1;
  o.source = repo(ref(Hub::ms, "damo", "nlp_corom_sentence-embedding_english-base"),
                  {ms_file("README.md", k_ms_readme.size(), 'd'), ms_file("config.json", 612, 'b'),
                   ms_file("pytorch_model.bin", 417'848'123, '9', state::Lfs::yes)},
                  "5c6e0b1f3a9d4e8b7c2a1f0e9d8c7b6a5f4e3d2c");
  o.source_texts["README.md"] = std::string(k_ms_readme);
  auto rewritten = std::string(k_ms_readme);
  rewritten.replace(rewritten.find("Apache License 2.0"), 18, "other");
  o.target = repo(
      ref(Hub::hf, "acme", "corom-english-base"),
      {hf_small("README.md", rewritten.size(), '7'), hf_small("config.json", 612, '6'),
       hf_small("old_tokenizer.json", 2048, '5'), hf_lfs("pytorch_model.bin", 417'848'123, '8')},
      "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432");
  return o;
}

state::MirrorObservation tiny_llm_observation() {
  state::MirrorObservation o;
  o.mirror_index = 2;
  std::vector<state::RemoteFile> src;
  std::vector<state::RemoteFile> dst;
  for (int i = 1; i <= 34; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "shard-%05d.safetensors", i);
    char c = "0123456789abcdef"[i % 16];
    src.push_back(hf_lfs(name, 364'705'882, c));
    dst.push_back(ms_file(name, 364'705'882, c, state::Lfs::yes));
  }
  o.source = repo(ref(Hub::hf, "acme", "tiny-llm"), src, std::string(40, '2'));
  o.target = repo(ref(Hub::ms, "acme-mirror", "tiny-llm"), dst, std::string(40, '3'));
  return o;
}

state::MirrorObservation space_observation() {
  state::MirrorObservation o;
  o.mirror_index = 3;
  o.source = repo(ref(Hub::hf, "acme", "demo-space"), {hf_small("app.py", 152, '4')},
                  std::string(40, '4'));
  o.target = missing_repo(ref(Hub::ms, "acme", "demo-space"));
  return o;
}

}  // namespace

state::Snapshot example_snapshot() {
  state::Snapshot s;
  // Deliberately not in plan order: the planner sorts.
  s.observations = {space_observation(), tiny_llm_observation(), corom_observation(),
                    qwen_observation()};
  auto rewritten = std::string(k_ms_readme);
  rewritten.replace(rewritten.find("Apache License 2.0"), 18, "other");
  s.sha256_by_oid[oid('7')] = fake_sha256(rewritten);  // target README == rewritten source
  s.sha256_by_oid[oid('6')] = sha('b');                // target config.json == source
  s.sha256_by_oid[oid('c')] = sha('c');                // source config.json (HF small file)
  return s;
}

}  // namespace hf2ms::test
