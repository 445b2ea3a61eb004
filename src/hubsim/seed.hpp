// Seeding the simulator's store: from a JSON seed spec that generates repos with files of
// given sizes deterministically (content from a seed, never stored), or from a directory
// tree copied into a repo. Used by --seed, the demo, tests and benchmarks. Format in
// docs/hubsim.md; in short:
//   {"repos":[{"hub":"hf","type":"model","id":"acme/model-{i}","count":1000,
//              "private":false,"gated":"","files":[{"path":"shard-{j}.bin","count":20,
//              "size":1048576,"lfs":true},{"path":"README.md","content":"# hi\n"}]},
//             {"hub":"ms","id":"acme/from-dir","dir":"relative/or/absolute/path"}]}
#pragma once

#include "hubsim/store.hpp"
#include "util/error.hpp"

#include <string>
#include <string_view>

namespace hf2ms::hubsim {

// Applies the seed spec `json_text`; relative "dir" paths resolve against `base_dir`. Repos
// that already exist are left alone (a restart with the same --seed is a no-op).
[[nodiscard]] Result<void> apply_seed_spec(Store& store, std::string_view json_text,
                                           const std::string& base_dir);
// Reads and applies the seed spec file `path`.
[[nodiscard]] Result<void> apply_seed_file(Store& store, const std::string& path);

// The seed of generated file `path` in `repo_id` (stable across runs and machines).
[[nodiscard]] std::uint64_t content_seed(std::string_view repo_id, std::string_view path,
                                         std::uint64_t spec_seed);

}  // namespace hf2ms::hubsim
