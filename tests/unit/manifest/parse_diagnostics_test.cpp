// manifest::parse on invalid manifests: the exact rendered diagnostics, positions included.
// Table-driven: each case is an inline manifest and the full text `hf2ms validate` would print
// above its verdict line.
#include "manifest/parse.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hf2ms::manifest {
namespace {

struct Case {
  const char* name;
  const char* toml;
  const char* expected;
};

constexpr const char* k_id_hint =
    "  hint: repo ids are namespace/name using letters, digits, '-', '_' and '.', starting and "
    "ending with a letter, digit or '_', without '--' or '..'\n";

const Case k_cases[] = {
    {"SyntaxError", "version = 1\nprune = = true\n",
     "m.toml:2:9: error: Error while parsing value: could not determine value type\n"
     "  hint: fix the TOML syntax\n"},
    {"MissingVersion", "[[mirror]]\nsource = \"hf:a/b\"\ntarget = \"ms:a/b\"\n",
     "m.toml:1:1: error: missing 'version'\n  hint: add version = 1 as the first line\n"},
    {"UnsupportedVersion", "version = 2\n",
     "m.toml:1:1: warning: the manifest declares no [[mirror]]\n"
     "  hint: add a [[mirror]] table with source and target\n"
     "m.toml:1:11: error: unsupported manifest version 2\n"
     "  hint: this hf2ms reads version = 1\n"},
    {"VersionWrongType", "version = \"1\"\n[[mirror]]\nsource = \"hf:a/b\"\ntarget = \"ms:a/b\"\n",
     "m.toml:1:11: error: 'version' must be an integer, not a string\n"
     "  hint: write it as version = 1\n"},
    {"UnknownKeysWithSuggestion",
     "version = 1\nmirrors = []\n[defaults]\nprunee = true\n[[mirror]]\nsource = \"hf:a/b\"\n"
     "target = \"ms:a/b\"\nrevison = \"main\"\n",
     "m.toml:2:1: error: unknown key 'mirrors' in the top-level table\n"
     "  hint: did you mean 'mirror'?\n"
     "m.toml:4:1: error: unknown key 'prunee' in [defaults]\n"
     "  hint: did you mean 'prune'?\n"
     "m.toml:8:1: error: unknown key 'revison' in [[mirror]]\n"
     "  hint: did you mean 'revision'?\n"},
    {"UnknownKeyWithoutSuggestion", "version = 1\n[executor]\ncolour = \"red\"\n",
     "m.toml:1:1: warning: the manifest declares no [[mirror]]\n"
     "  hint: add a [[mirror]] table with source and target\n"
     "m.toml:3:1: error: unknown key 'colour' in [executor]\n"
     "  hint: allowed keys here: kind, max_containers, shard_size\n"},
    {"WrongTypes",
     "version = 1\n[executor]\nmax_containers = \"100\"\n[defaults]\nprune = \"yes\"\n"
     "include = \"*.json\"\nexclude = [\"a\", 3]\n",
     "m.toml:1:1: warning: the manifest declares no [[mirror]]\n"
     "  hint: add a [[mirror]] table with source and target\n"
     "m.toml:3:18: error: 'max_containers' must be an integer, not a string\n"
     "  hint: write it as max_containers = 100\n"
     "m.toml:5:9: error: 'prune' must be a boolean, not a string\n"
     "  hint: write it as prune = true or false\n"
     "m.toml:6:11: error: 'include' must be an array of strings, not a string\n"
     "  hint: write it as include = [\"*.safetensors\", \"*.json\"]\n"
     "m.toml:7:17: error: 'exclude' must hold only strings, not an integer\n"
     "  hint: write it as exclude = [\"*.safetensors\", \"*.json\"]\n"},
    {"MirrorMustBeArrayOfTables", "version = 1\n[mirror]\nsource = \"hf:a/b\"\n",
     "m.toml:2:1: error: 'mirror' must be an array of tables\n"
     "  hint: write each mirror as a [[mirror]] section (double brackets)\n"},
    {"MissingSourceAndTarget", "version = 1\n[[mirror]]\ntype = \"model\"\n",
     "m.toml:2:1: error: [[mirror]] is missing 'source'\n"
     "  hint: add source = \"hf:namespace/name\"\n"
     "m.toml:2:1: error: [[mirror]] is missing 'target'\n"
     "  hint: add target = \"hf:namespace/name\"\n"},
    {"BadEnums",
     "version = 1\n[executor]\nkind = \"lambda\"\n[[mirror]]\nsource = \"hf:a/b\"\n"
     "target = \"ms:a/b\"\ntype = \"datset\"\nvisibility = \"hidden\"\n",
     "m.toml:3:8: error: invalid kind 'lambda'\n"
     "  hint: use one of: modal, local\n"
     "m.toml:7:8: error: invalid type 'datset'\n"
     "  hint: did you mean 'dataset'? (one of: model, dataset, space)\n"
     "m.toml:8:14: error: invalid visibility 'hidden'\n"
     "  hint: use one of: preserve, public, private\n"},
    {"Ranges", "version = 1\n[executor]\nmax_containers = 1001\n[defaults]\nmax_delete = -1\n",
     "m.toml:1:1: warning: the manifest declares no [[mirror]]\n"
     "  hint: add a [[mirror]] table with source and target\n"
     "m.toml:3:18: error: max_containers must be between 1 and 1000, not 1001\n"
     "  hint: it caps how many Modal containers run at once\n"
     "m.toml:5:14: error: max_delete must be between 0 and 4294967295, not -1\n"
     "  hint: 0 refuses any deletion; it only matters with prune = true\n"},
    {"ShardSizes", "version = 1\n[executor]\nshard_size = \"lots\"\n",
     "m.toml:1:1: warning: the manifest declares no [[mirror]]\n"
     "  hint: add a [[mirror]] table with source and target\n"
     "m.toml:3:14: error: invalid shard_size 'lots': not a size\n"
     "  hint: write a size such as \"50GB\", \"512MiB\" or a number of bytes\n"},
    {"ZeroShardSize", "version = 1\n[executor]\nshard_size = 0\n",
     "m.toml:1:1: warning: the manifest declares no [[mirror]]\n"
     "  hint: add a [[mirror]] table with source and target\n"
     "m.toml:3:14: error: shard_size must be at least 1 byte, not 0\n"
     "  hint: write a size such as \"50GB\", \"512MiB\" or a number of bytes\n"},
    {"Endpoints",
     "version = 1\n[hubs.hf]\nendpoint = \"huggingface.co\"\n[hubs.ms]\n"
     "endpoint = \"https://user:secret@example.com\"\ntoken_env = \"1TOKEN\"\n",
     "m.toml:1:1: warning: the manifest declares no [[mirror]]\n"
     "  hint: add a [[mirror]] table with source and target\n"
     "m.toml:3:12: error: invalid endpoint 'huggingface.co': not an http:// or https:// URL\n"
     "  hint: write the full URL, e.g. \"https://huggingface.co\" or "
     "\"https://www.modelscope.cn\"\n"
     "m.toml:5:12: error: invalid endpoint: contains credentials\n"
     "  hint: put the token in the environment variable named by token_env\n"
     "m.toml:6:13: error: invalid token_env '1TOKEN': not a ModelScope token variable (a "
     "manifest may not name any variable as a token)\n"
     "  hint: name a ModelScope token variable: MODELSCOPE_ or MS_, then upper-case letters, "
     "digits and '_', ending in TOKEN, e.g. \"MODELSCOPE_TOKEN\" or \"MODELSCOPE_API_TOKEN\"\n"},
    {"PlainHttpRemoteEndpointIsAnError",
     "version = 1\n[hubs.hf]\nendpoint = \"http://127.evil.example\"\n",
     "m.toml:1:1: warning: the manifest declares no [[mirror]]\n"
     "  hint: add a [[mirror]] table with source and target\n"
     "m.toml:3:12: error: invalid endpoint 'http://127.evil.example': plain http:// to a remote "
     "host would send the token unencrypted\n"
     "  hint: use https:// (plain http is only for loopback, e.g. a local simulator on "
     "127.0.0.1)\n"},
    {"TokenEnvNamesAnotherSecret",
     "version = 1\n[hubs.hf]\ntoken_env = \"GITHUB_TOKEN\"\n[hubs.ms]\ntoken_env = \"HF_TOKEN\"\n",
     "m.toml:1:1: warning: the manifest declares no [[mirror]]\n"
     "  hint: add a [[mirror]] table with source and target\n"
     "m.toml:3:13: error: invalid token_env 'GITHUB_TOKEN': not a Hugging Face token variable "
     "(a manifest may not name any variable as a token)\n"
     "  hint: name a Hugging Face token variable: HF_, HUGGING_FACE_ or HUGGINGFACE_, then "
     "upper-case letters, digits and '_', ending in TOKEN, e.g. \"HF_TOKEN\" or "
     "\"HUGGING_FACE_HUB_TOKEN\"\n"
     "m.toml:5:13: error: invalid token_env 'HF_TOKEN': not a ModelScope token variable (a "
     "manifest may not name any variable as a token)\n"
     "  hint: name a ModelScope token variable: MODELSCOPE_ or MS_, then upper-case letters, "
     "digits and '_', ending in TOKEN, e.g. \"MODELSCOPE_TOKEN\" or \"MODELSCOPE_API_TOKEN\"\n"},
    {"BadRepoRefs",
     "version = 1\n[[mirror]]\nsource = \"huggingface:a/b\"\ntarget = \"ms:a--b/c\"\n"
     "[[mirror]]\nsource = \"hf:gpt2\"\ntarget = \"ms:-a/b\"\n",
     "m.toml:3:10: error: invalid source 'huggingface:a/b': unknown hub 'huggingface'\n"
     "  hint: did you mean 'hf:'? use 'hf:' (Hugging Face) or 'ms:' (ModelScope)\n"
     "m.toml:4:10: error: invalid target 'ms:a--b/c': '--' and '..' are not allowed in a repo "
     "id\n"
     "$ID"
     "m.toml:6:10: error: invalid source 'hf:gpt2': missing the namespace\n"
     "  hint: write hub:namespace/name, e.g. hf:openai-community/gpt2\n"
     "m.toml:7:10: error: invalid target 'ms:-a/b': the namespace must start and end with a "
     "letter, digit or '_'\n"
     "$ID"},
    {"WildcardOnOneSide",
     "version = 1\n[[mirror]]\nsource = \"hf:acme/*\"\ntarget = \"ms:acme/x\"\n"
     "[[mirror]]\nsource = \"hf:acme/y\"\ntarget = \"ms:acme/*\"\n",
     "m.toml:4:10: error: '*' on one side only: source is 'hf:acme/*' but target is 'ms:acme/x'\n"
     "  hint: write target = \"ms:acme/*\" to mirror every repo of the namespace, or name a "
     "single repo on both sides\n"
     "m.toml:6:10: error: '*' on one side only: target is 'ms:acme/*' but source is 'hf:acme/y'\n"
     "  hint: write source = \"hf:acme/*\" to mirror every repo of the namespace, or name a "
     "single repo on both sides\n"},
    {"DuplicateTargetIgnoresCase",
     "version = 1\n[[mirror]]\nsource = \"hf:a/x\"\ntarget = \"ms:acme/X\"\n"
     "[[mirror]]\nsource = \"hf:b/x\"\ntarget = \"ms:ACME/x\"\n",
     "m.toml:7:10: error: target 'ms:ACME/x' (model) is already written by the mirror at line 2\n"
     "  hint: a target repo can have only one source; remove one of the mirrors or change its "
     "target\n"},
    {"SourceEqualsTarget", "version = 1\n[[mirror]]\nsource = \"hf:a/b\"\ntarget = \"hf:A/b\"\n",
     "m.toml:4:10: error: source and target are the same repo 'hf:A/b'\n"
     "  hint: a mirror copies between two different repos; change the target\n"},
    {"SpaceToModelScopeWarns",
     "version = 1\n[defaults]\ntype = \"space\"\n[[mirror]]\nsource = \"hf:a/demo\"\n"
     "target = \"ms:a/demo\"\n",
     "m.toml:6:10: warning: ModelScope's API cannot create or update spaces (studios): the plan "
     "will skip this mirror to 'ms:a/demo'\n"
     "  hint: set target_type = \"model\" to store the space's files in a ModelScope model repo\n"},
    {"TokensAnywhereAreNeverEchoed",
     "version = 1 # hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789\n[hubs.ms]\n"
     "token_env = \"ms-0a1b2c3d-4e5f-6789-abcd-ef0123456789\"\n",
     "m.toml:1:1: warning: the manifest declares no [[mirror]]\n"
     "  hint: add a [[mirror]] table with source and target\n"
     "m.toml:1:15: error: this looks like a Hugging Face token; tokens must not be in the "
     "manifest\n"
     "  hint: remove it, keep it in an environment variable named by token_env, and revoke it if "
     "this file was ever shared\n"
     "m.toml:3:14: error: this looks like a ModelScope token; tokens must not be in the manifest\n"
     "  hint: remove it, keep it in an environment variable named by token_env, and revoke it if "
     "this file was ever shared\n"},
    {"TokenInSyntaxErrorFileStillReported",
     "version = 1\nkey = \"hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789\n",
     "m.toml:2:8: error: this looks like a Hugging Face token; tokens must not be in the manifest\n"
     "  hint: remove it, keep it in an environment variable named by token_env, and revoke it if "
     "this file was ever shared\n"
     "m.toml:2:47: error: Error while parsing string: unescaped control characters other than TAB "
     "(U+0009) are explicitly prohibited\n"
     "  hint: fix the TOML syntax\n"},
    {"BadPatterns",
     "version = 1\n[defaults]\nexclude = [\"\", \"a**\", \"dir/\", \"[ab\"]\n"
     "[[mirror]]\nsource = \"hf:a/b\"\ntarget = \"ms:a/b\"\ninclude = [\"x//y\"]\n",
     "m.toml:3:12: error: invalid exclude pattern '': an empty pattern matches nothing\n"
     "$PAT"
     "m.toml:3:16: error: invalid exclude pattern 'a**': '**' must be a whole path segment\n"
     "  hint: write 'dir/**/*.bin', not 'dir**.bin'\n"
     "m.toml:3:23: error: invalid exclude pattern 'dir/': ends with '/'\n"
     "  hint: to match everything in a folder write 'folder/**'\n"
     "m.toml:3:31: error: invalid exclude pattern '[ab': has an unclosed '['\n"
     "  hint: close the set, e.g. '[abc]', or write '\\[' for a literal '['\n"
     "m.toml:7:12: error: invalid include pattern 'x//y': has an empty path segment ('//')\n"
     "$PAT"},
    {"BadRevision",
     "version = 1\n[[mirror]]\nsource = \"hf:a/b\"\ntarget = \"ms:a/b\"\nrevision = \"\"\n"
     "target_branch = \"my branch\"\n",
     "m.toml:5:12: error: invalid revision '': empty\n"
     "  hint: write a branch, tag or commit, e.g. \"main\"; remove the key for the default "
     "branch\n"
     "m.toml:6:17: error: invalid target_branch 'my branch': contains whitespace or control "
     "characters\n"
     "  hint: write a branch, tag or commit, e.g. \"main\"; remove the key for the default "
     "branch\n"},
};

std::string expand(std::string text) {
  const std::pair<const char*, std::string> vars[] = {
      {"$ID", k_id_hint},
      {"$PAT",
       "  hint: patterns are globs on repo paths: '*' within a folder, '**' as a whole segment "
       "across folders, '?', '[abc]' (see docs/manifest.md)\n"},
  };
  for (const auto& [var, value] : vars) {
    for (std::size_t at = text.find(var); at != std::string::npos; at = text.find(var)) {
      text.replace(at, std::string(var).size(), value);
    }
  }
  return text;
}

class ManifestDiagnostics : public testing::TestWithParam<Case> {};

TEST_P(ManifestDiagnostics, RendersEveryProblemWithItsPosition) {
  const Case& c = GetParam();
  ParseResult r = parse(c.toml, "m.toml");
  EXPECT_EQ(render(r.diagnostics), expand(c.expected));
  EXPECT_EQ(r.manifest.has_value(), !r.diagnostics.has_errors());
}

INSTANTIATE_TEST_SUITE_P(Table, ManifestDiagnostics, testing::ValuesIn(k_cases),
                         [](const testing::TestParamInfo<Case>& param) {
                           return std::string(param.param.name);
                         });

TEST(ManifestDiagnosticsSecrets, NoMessageContainsTheTokenValue) {
  const char* token = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
  std::string text = std::string("version = 1\n[hubs.hf]\ntoken_env = \"") + token +
                     "\"\nendpoint = \"https://x.example/" + token + "\"\n[[mirror]]\nsource = \"" +
                     token + "\"\ntarget = \"ms:a/b\"\n" + token + " = 1\n";
  ParseResult r = parse(text, "m.toml");
  EXPECT_TRUE(r.diagnostics.has_errors());
  EXPECT_EQ(render(r.diagnostics).find("AbCdEf"), std::string::npos) << render(r.diagnostics);
}

}  // namespace
}  // namespace hf2ms::manifest
