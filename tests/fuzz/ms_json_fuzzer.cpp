// libFuzzer entry point for the ModelScope answer parsers (src/hub/ms_json*.cpp): file
// listings (both envelopes), revisions, repo info, identity, blob batch, commit, repo lists
// and error bodies. Every hub answer is untrusted: any bytes must give a value or an error,
// never a crash, a sanitizer report or an escaped exception.
#include "hub/ms_json.hpp"
#include "hub/repo_path.hpp"
#include "util/assert.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace hub = hf2ms::hub;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto listing = hub::parse_ms_files(text)) {
    HF2MS_ASSERT(listing->files.size() + listing->directories.size() <= listing->entry_count);
    for (const hub::FileEntry& f : listing->files) {
      HF2MS_ASSERT(hub::is_safe_repo_path(f.path));
    }
  }
  (void)hub::parse_ms_repo_info(text);
  (void)hub::parse_ms_revisions(text);
  (void)hub::parse_ms_users_me(text);
  (void)hub::parse_ms_login(text);
  (void)hub::parse_ms_blob_batch(text);
  (void)hub::parse_ms_commit(text);
  (void)hub::parse_ms_repo_list(text);
  (void)hub::ms_error(400, text);
  (void)hub::ms_error(200, text);
  return 0;
}
