// libFuzzer entry point for the Hugging Face answer parsers (src/hub/hf_json*.cpp): tree and
// paths-info pages, repo info, listings, preupload, LFS batch, commit, Link headers and error
// bodies. Every hub answer is untrusted: any bytes must give a value or an error, never a
// crash, a sanitizer report or an escaped exception. Parsed tree entries must keep the
// invariant the parser promises (a valid, non-empty repo path).
#include "hub/hf_json.hpp"
#include "hub/repo_path.hpp"
#include "util/assert.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace hub = hf2ms::hub;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto page = hub::parse_hf_tree_page(text)) {
    for (const hub::FileEntry& f : *page) {
      HF2MS_ASSERT(hub::is_safe_repo_path(f.path));
    }
  }
  (void)hub::parse_hf_repo_info(text);
  (void)hub::parse_hf_whoami(text);
  (void)hub::parse_hf_repo_list(text);
  (void)hub::parse_hf_space_sdk(text);
  (void)hub::parse_hf_preupload(text);
  if (auto actions = hub::parse_hf_lfs_batch(text)) {
    for (const hub::HfLfsAction& a : *actions) {
      HF2MS_ASSERT(a.part_urls.empty() || a.chunk_size > 0);
    }
  }
  (void)hub::parse_hf_commit(text);
  (void)hub::parse_next_link(text);
  (void)hub::hf_error(404, "RepoNotFound", text, text);
  return 0;
}
