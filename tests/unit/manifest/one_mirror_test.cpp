// manifest::one_mirror_manifest (the text `hf2ms migrate` plans from): what it writes parses
// back into the mirror that was asked for, defaults stay defaults, and words with quotes,
// backslashes or newlines cannot break out of their TOML string.
#include "manifest/one_mirror.hpp"

#include "manifest/parse.hpp"

#include <gtest/gtest.h>

namespace hf2ms::manifest {
namespace {

OneMirrorSpec spec_of(std::string source, std::string target) {
  OneMirrorSpec spec;
  spec.source = std::move(source);
  spec.target = std::move(target);
  return spec;
}

ParseResult parse_spec(const OneMirrorSpec& spec) {
  return parse(one_mirror_manifest(spec), "migrate");
}

TEST(OneMirror, MinimalSpecParsesWithTheManifestDefaults) {
  const ParseResult r = parse_spec(spec_of("hf:Qwen/Qwen2.5-0.5B", "ms:acme/Qwen2.5-0.5B"));
  ASSERT_TRUE(r.manifest) << render(r.diagnostics);
  EXPECT_TRUE(r.diagnostics.empty()) << render(r.diagnostics);
  ASSERT_EQ(r.manifest->mirrors.size(), 1U);
  const Mirror& m = r.manifest->mirrors[0];
  EXPECT_EQ(m.source, (RepoRef{Hub::hf, "Qwen", "Qwen2.5-0.5B"}));
  EXPECT_EQ(m.target, (RepoRef{Hub::ms, "acme", "Qwen2.5-0.5B"}));
  EXPECT_EQ(m.type, RepoType::model);
  EXPECT_EQ(m.exclude, std::vector<std::string>{".gitattributes"});
  EXPECT_EQ(r.manifest->executor.kind, ExecutorKind::modal);
}

TEST(OneMirror, EveryOptionReachesTheMirror) {
  OneMirrorSpec spec = spec_of("hf:acme/chat", "ms:acme-mirror/chat");
  spec.type = "space";
  spec.target_type = "model";
  spec.visibility = "private";
  spec.revision = "v1.0";
  spec.include = {"*.py", "assets/**"};
  spec.exclude = {"*.onnx"};
  spec.executor = "local";
  const ParseResult r = parse_spec(spec);
  ASSERT_TRUE(r.manifest) << render(r.diagnostics);
  const Mirror& m = r.manifest->mirrors.at(0);
  EXPECT_EQ(m.type, RepoType::space);
  EXPECT_EQ(m.target_type, RepoType::model);
  EXPECT_EQ(m.visibility, Visibility::private_);
  EXPECT_EQ(m.revision, "v1.0");
  EXPECT_EQ(m.include, (std::vector<std::string>{"*.py", "assets/**"}));
  EXPECT_EQ(m.exclude, std::vector<std::string>{"*.onnx"});
  EXPECT_EQ(r.manifest->executor.kind, ExecutorKind::local);
}

TEST(OneMirror, HostileWordsStayInsideTheirStrings) {
  // A glob may hold quotes and backslashes: they come back as written, with no extra key.
  OneMirrorSpec spec = spec_of("hf:acme/x", "ms:acme/x");
  spec.include = {R"(a"b\c'd)"};
  const ParseResult r = parse_spec(spec);
  ASSERT_TRUE(r.manifest) << render(r.diagnostics);
  EXPECT_EQ(r.manifest->mirrors.at(0).include, spec.include);
  // A newline cannot start a new key: the value is refused as a value (the revision's own
  // rule), and nothing of it becomes TOML.
  spec.include.clear();
  spec.revision = "a\"\nprune = true\n[[mirror]]";
  const ParseResult bad = parse_spec(spec);
  EXPECT_FALSE(bad.manifest);
  EXPECT_EQ(bad.diagnostics.error_count(), 1U) << render(bad.diagnostics);
  EXPECT_NE(render(bad.diagnostics).find("invalid revision"), std::string::npos);
}

TEST(OneMirror, BadWordsAreReportedByTheParser) {
  OneMirrorSpec spec = spec_of("hf:not-a-ref", "ms:acme/x");
  spec.type = "modle";
  const ParseResult r = parse_spec(spec);
  EXPECT_FALSE(r.manifest);
  const std::string text = render(r.diagnostics);
  EXPECT_NE(text.find("not-a-ref"), std::string::npos) << text;
  EXPECT_NE(text.find("model"), std::string::npos) << text;  // the did-you-mean
}

}  // namespace
}  // namespace hf2ms::manifest
