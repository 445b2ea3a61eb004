// manifest::parse on valid manifests: every field lands in the model, [defaults] are inherited
// and per-mirror keys override them.
#include "manifest/parse.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hf2ms::manifest {
namespace {

Manifest parse_ok(std::string_view text) {
  ParseResult r = parse(text, "m.toml");
  EXPECT_FALSE(r.diagnostics.has_errors()) << render(r.diagnostics);
  return r.manifest.value_or(Manifest{});
}

TEST(ManifestParse, MinimalManifestGetsBuiltInDefaults) {
  Manifest m = parse_ok(R"(version = 1
[[mirror]]
source = "hf:Qwen/Qwen2.5-0.5B-Instruct"
target = "ms:acme/Qwen2.5-0.5B-Instruct"
)");
  EXPECT_EQ(m.hf.endpoint, std::nullopt);
  EXPECT_EQ(m.hf.token_env, "HF_TOKEN");
  EXPECT_EQ(m.ms.token_env, "MODELSCOPE_TOKEN");
  EXPECT_EQ(m.executor.kind, ExecutorKind::modal);
  EXPECT_EQ(m.executor.max_containers, 100u);
  EXPECT_EQ(m.executor.shard_size, 50'000'000'000u);
  ASSERT_EQ(m.mirrors.size(), 1u);
  const Mirror& mirror = m.mirrors[0];
  EXPECT_EQ(mirror.source, (RepoRef{Hub::hf, "Qwen", "Qwen2.5-0.5B-Instruct"}));
  EXPECT_EQ(mirror.target, (RepoRef{Hub::ms, "acme", "Qwen2.5-0.5B-Instruct"}));
  EXPECT_EQ(mirror.type, RepoType::model);
  EXPECT_EQ(mirror.target_type, RepoType::model);
  EXPECT_EQ(mirror.visibility, Visibility::preserve);
  EXPECT_EQ(mirror.prune, Prune::no);
  EXPECT_EQ(mirror.max_delete, 50u);
  EXPECT_TRUE(mirror.include.empty());
  EXPECT_EQ(mirror.exclude, std::vector<std::string>{".gitattributes"});
  EXPECT_EQ(mirror.revision, std::nullopt);
  EXPECT_EQ(mirror.target_branch, std::nullopt);
  EXPECT_EQ(mirror.location, (SourceLocation{"m.toml", 2, 1}));
}

TEST(ManifestParse, ReadsHubsAndExecutor) {
  Manifest m = parse_ok(R"(version = 1
[hubs.hf]
endpoint = "http://127.0.0.1:8080/"
token_env = "HF_WRITE_TOKEN"
[hubs.ms]
endpoint = "https://www.modelscope.ai"
token_env = "MODELSCOPE_API_TOKEN"
[executor]
kind = "local"
max_containers = 1000
shard_size = "512MiB"
[[mirror]]
source = "hf:a/b"
target = "ms:a/b"
)");
  EXPECT_EQ(m.hf, (HubConfig{"http://127.0.0.1:8080", "HF_WRITE_TOKEN"}));
  EXPECT_EQ(m.ms, (HubConfig{"https://www.modelscope.ai", "MODELSCOPE_API_TOKEN"}));
  EXPECT_EQ(m.executor, (ExecutorConfig{ExecutorKind::local, 1000, 512ULL << 20}));
}

TEST(ManifestParse, ShardSizeMayBeAPlainByteCount) {
  Manifest m = parse_ok("version = 1\n[executor]\nshard_size = 1048576\n");
  EXPECT_EQ(m.executor.shard_size, 1048576u);
}

TEST(ManifestParse, MirrorsInheritDefaults) {
  Manifest m = parse_ok(R"(version = 1
[defaults]
type = "dataset"
visibility = "private"
prune = true
max_delete = 7
include = ["*.parquet"]
exclude = ["*.tmp"]
revision = "v1"
target_branch = "mirror"
[[mirror]]
source = "hf:a/b"
target = "ms:a/b"
)");
  ASSERT_EQ(m.mirrors.size(), 1u);
  const Mirror& mirror = m.mirrors[0];
  EXPECT_EQ(mirror.type, RepoType::dataset);
  EXPECT_EQ(mirror.target_type, RepoType::dataset);
  EXPECT_EQ(mirror.visibility, Visibility::private_);
  EXPECT_EQ(mirror.prune, Prune::yes);
  EXPECT_EQ(mirror.max_delete, 7u);
  EXPECT_EQ(mirror.include, std::vector<std::string>{"*.parquet"});
  EXPECT_EQ(mirror.exclude, std::vector<std::string>{"*.tmp"});
  EXPECT_EQ(mirror.revision, "v1");
  EXPECT_EQ(mirror.target_branch, "mirror");
}

TEST(ManifestParse, MirrorKeysOverrideDefaultsWholesale) {
  Manifest m = parse_ok(R"(version = 1
[defaults]
type = "dataset"
prune = true
exclude = ["*.tmp", "*.log"]
include = ["*.parquet"]
[[mirror]]
source = "hf:a/b"
target = "ms:a/b"
type = "model"
prune = false
exclude = ["*.bin"]
include = []
revision = "abc123"
[[mirror]]
source = "hf:a/c"
target = "ms:a/c"
)");
  ASSERT_EQ(m.mirrors.size(), 2u);
  EXPECT_EQ(m.mirrors[0].type, RepoType::model);
  EXPECT_EQ(m.mirrors[0].prune, Prune::no);
  EXPECT_EQ(m.mirrors[0].exclude, std::vector<std::string>{"*.bin"});
  EXPECT_TRUE(m.mirrors[0].include.empty());
  EXPECT_EQ(m.mirrors[0].revision, "abc123");
  EXPECT_EQ(m.mirrors[1].type, RepoType::dataset);
  EXPECT_EQ(m.mirrors[1].exclude, (std::vector<std::string>{"*.tmp", "*.log"}));
  EXPECT_EQ(m.mirrors[1].location, (SourceLocation{"m.toml", 15, 1}));
}

TEST(ManifestParse, SpaceToModelScopeAsModelRepoIsValidWithoutWarning) {
  ParseResult r = parse(R"(version = 1
[[mirror]]
source = "hf:acme/demo"
target = "ms:acme/demo"
type = "space"
target_type = "model"
)",
                        "m.toml");
  ASSERT_TRUE(r.manifest);
  EXPECT_TRUE(r.diagnostics.empty()) << render(r.diagnostics);
  EXPECT_EQ(r.manifest->mirrors[0].type, RepoType::space);
  EXPECT_EQ(r.manifest->mirrors[0].target_type, RepoType::model);
}

TEST(ManifestParse, WarningsAloneKeepTheManifest) {
  ParseResult r = parse(R"(version = 1
[[mirror]]
source = "hf:acme/demo"
target = "ms:acme/demo"
type = "space"
)",
                        "m.toml");
  ASSERT_TRUE(r.manifest);
  EXPECT_EQ(r.diagnostics.warning_count(), 1u);
  EXPECT_EQ(r.diagnostics.error_count(), 0u);
}

TEST(ManifestParse, SameRepoOnBothHubsAndBothDirectionsIsFine) {
  Manifest m = parse_ok(R"(version = 1
[[mirror]]
source = "hf:acme/x"
target = "ms:acme/x"
[[mirror]]
source = "ms:acme/y"
target = "hf:acme/y"
[[mirror]]
source = "hf:acme/x"
target = "hf:acme/x"
type = "model"
target_type = "dataset"
)");
  EXPECT_EQ(m.mirrors.size(), 3u);
}

}  // namespace
}  // namespace hf2ms::manifest
