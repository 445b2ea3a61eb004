// fetch_samples: the first ≤512 bytes of each file, which Hugging Face's preupload call looks
// at to decide between inline and LFS storage (protocols/huggingface-hub.md §8.1). Small
// ranged downloads, run concurrently on the transfer engine. Internal to src/transfer.
#pragma once

#include "http/engine.hpp"
#include "hub/hub.hpp"

#include <span>
#include <string>

namespace hf2ms::transfer {

inline constexpr std::size_t k_sample_bytes = 512;

// Fills `files[i].sample` for every file with a size. Runs `engine` until it is idle, so call
// it when nothing else is in flight. The first failure is returned.
[[nodiscard]] Result<void> fetch_samples(http::Engine& engine, const hub::HubReader& source,
                                         const hub::RepoKey& key, const std::string& commit,
                                         std::span<hub::StagedFile> files);

}  // namespace hf2ms::transfer
