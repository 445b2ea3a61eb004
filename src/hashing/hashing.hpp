// Streaming content hashes used to prove file identity across hubs: SHA-256 (LFS oid, the
// ModelScope file hash, hf2ms' equality test), the git blob SHA-1 (HF's `oid` for regular
// files: sha1("blob <size>\0" + bytes)) and xxh3-128 (cheap digests for caches and the plan's
// manifest digest). Each hasher owns its C state through a unique_ptr with a stateless deleter,
// so it is move-only. This is the only place that includes <openssl/evp.h> and <xxhash.h>.
#pragma once

#include "util/error.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

// Opaque C state types, so callers do not see the C headers.
struct evp_md_ctx_st;
struct XXH3_state_s;

namespace hf2ms::hashing {

struct EvpMdCtxDeleter {
  void operator()(evp_md_ctx_st* ctx) const noexcept;
};
struct Xxh3StateDeleter {
  void operator()(XXH3_state_s* state) const noexcept;
};
using EvpMdCtx = std::unique_ptr<evp_md_ctx_st, EvpMdCtxDeleter>;
using Xxh3State = std::unique_ptr<XXH3_state_s, Xxh3StateDeleter>;

// Lower-case hex of `bytes`.
[[nodiscard]] std::string to_hex(std::span<const std::uint8_t> bytes);
// Parses lower- or upper-case hex into bytes; nullopt on odd length or a non-hex digit.
[[nodiscard]] std::optional<std::string> from_hex(std::string_view hex);
// True when `s` is exactly `length` lower-case hex digits.
[[nodiscard]] bool is_lower_hex(std::string_view s, std::size_t length);

// Streaming SHA-256. create() fails only if OpenSSL cannot allocate a context.
class Sha256 {
 public:
  using Digest = std::array<std::uint8_t, 32>;
  [[nodiscard]] static Result<Sha256> create();
  void update(std::string_view data);
  void update(const void* data, std::size_t size);
  // Finishes the hash; the object must not be updated afterwards.
  [[nodiscard]] Digest finish();
  [[nodiscard]] std::string finish_hex();

 private:
  explicit Sha256(EvpMdCtx ctx) : ctx_(std::move(ctx)) {}
  EvpMdCtx ctx_;
};

// Streaming git blob id: SHA-1 over "blob <size>\0" followed by exactly `size` bytes.
// The size is declared up front because git hashes the header before the content.
class GitBlobSha1 {
 public:
  using Digest = std::array<std::uint8_t, 20>;
  [[nodiscard]] static Result<GitBlobSha1> create(std::uint64_t size);
  void update(std::string_view data);
  void update(const void* data, std::size_t size);
  // Finishes the hash. Bug (assert) if the bytes fed differ from the declared size.
  [[nodiscard]] Digest finish();
  [[nodiscard]] std::string finish_hex();

 private:
  GitBlobSha1(EvpMdCtx ctx, std::uint64_t size) : ctx_(std::move(ctx)), declared_(size) {}
  EvpMdCtx ctx_;
  std::uint64_t declared_ = 0;
  std::uint64_t fed_ = 0;
};

// Streaming xxh3-128 (seed 0 unless given).
class Xxh3_128 {
 public:
  using Digest = std::array<std::uint8_t, 16>;  // canonical (big-endian) form
  [[nodiscard]] static Result<Xxh3_128> create(std::uint64_t seed = 0);
  void update(std::string_view data);
  void update(const void* data, std::size_t size);
  [[nodiscard]] Digest finish() const;
  [[nodiscard]] std::string finish_hex() const;

 private:
  explicit Xxh3_128(Xxh3State state) : state_(std::move(state)) {}
  Xxh3State state_;
};

// One-shot helpers over whole in-memory buffers (small files, tests).
[[nodiscard]] std::string sha256_hex(std::string_view data);
[[nodiscard]] std::string git_blob_sha1_hex(std::string_view data);
// Git object id of any object type ("blob", "tree", "commit"): sha1("<type> <size>\0" + data).
[[nodiscard]] std::string git_object_sha1_hex(std::string_view type, std::string_view data);
[[nodiscard]] std::string xxh3_128_hex(std::string_view data, std::uint64_t seed = 0);
// HMAC-SHA256 (RFC 2104) of `data` under `key`, lower-case hex: authenticates what hf2ms
// itself wrote to a file others could edit (the oid cache, docs/adr/0003).
[[nodiscard]] std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// One-shot 64-bit xxh3, for seeding and bucketing (not a content identity).
[[nodiscard]] std::uint64_t xxh3_64(std::string_view data, std::uint64_t seed = 0);

}  // namespace hf2ms::hashing
