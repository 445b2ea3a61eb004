// Internal to the Hugging Face side of hf2ms-hubsim: the parsed request every HF handler gets
// from the router in hf_api.cpp, and the handlers, one group per hf_*.cpp file.
#pragma once

#include "hubsim/hf_common.hpp"

#include <httplib.h>

#include <string>

namespace hf2ms::hubsim {

struct HfState;  // per-simulator state of the HF routes (hf_limits.hpp)

// A request on a repo, after routing: type and id decoded, revision and path decoded with
// the longest-existing-ref rule of §1.4.
struct HfRepoRequest {
  const httplib::Request& req;
  httplib::Response& res;
  SimContext& ctx;
  Caller caller;
  RepoKey key;
  std::string rev;    // decoded revision ("" when the route has none)
  std::string path;   // decoded in-repo path ("" when none)
  std::string query;  // raw query
  HfState* state = nullptr;
};

// hf_info.cpp
void handle_whoami(const httplib::Request& req, httplib::Response& res, SimContext& ctx);
void handle_list_repos(RepoType type, const Caller& caller, const std::string& query,
                       httplib::Response& res, SimContext& ctx);
void handle_repo_info(HfRepoRequest& r);
void handle_auth_check(HfRepoRequest& r, Need need);

// hf_tree.cpp
void handle_tree(HfRepoRequest& r);
void handle_paths_info(HfRepoRequest& r);

// hf_resolve.cpp
enum class ResolveKind { resolve, raw };
void handle_resolve(HfRepoRequest& r, ResolveKind kind);

// hf_repos.cpp
void handle_create_repo(const httplib::Request& req, httplib::Response& res, SimContext& ctx,
                        const Caller& caller);
void handle_delete_repo(const httplib::Request& req, httplib::Response& res, SimContext& ctx,
                        const Caller& caller);
void handle_settings(HfRepoRequest& r);
void handle_refs(HfRepoRequest& r);
void handle_commits(HfRepoRequest& r);
void handle_branch(HfRepoRequest& r, const std::string& name);
void handle_tag(HfRepoRequest& r, const std::string& name);

// hf_commit.cpp
void handle_preupload(HfRepoRequest& r);
void handle_commit(HfRepoRequest& r);

// hf_card.cpp: POST /api/validate-yaml
void handle_validate_yaml(const httplib::Request& req, httplib::Response& res);

// hf_xet.cpp
void handle_lfs_duplicate(HfRepoRequest& r);
// Adds `xetHash` to the LFS file entries of the JSON array answer in r.res when the repo was
// seeded Xet-backed (never otherwise: huggingface-hub.md §6.3).
void add_xet_hashes(HfRepoRequest& r);

// hf_resolve.cpp: GET|HEAD /api/resolve-cache/{type}s/{ns}/{name}/{commit}/{path}
void handle_resolve_cache(HfRepoRequest& r);

// hf_lfs.cpp
void handle_lfs_batch(HfRepoRequest& r);
void handle_lfs_verify(HfRepoRequest& r);
void register_hf_cdn_routes(httplib::Server& cdn, SimContext& ctx);
// Absolute, self-authorising CDN URL serving blob `sha256`.
[[nodiscard]] std::string cdn_download_url(const SimContext& ctx, const RepoKey& key,
                                           const std::string& sha256, const std::string& filename);

}  // namespace hf2ms::hubsim
