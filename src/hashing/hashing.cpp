#include "hashing/hashing.hpp"

#include "util/text.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <xxhash.h>

#include <cstring>

namespace hf2ms::hashing {

void EvpMdCtxDeleter::operator()(evp_md_ctx_st* ctx) const noexcept { EVP_MD_CTX_free(ctx); }
void Xxh3StateDeleter::operator()(XXH3_state_s* state) const noexcept { XXH3_freeState(state); }

namespace {

constexpr char k_hex_digits[] = "0123456789abcdef";

Result<EvpMdCtx> make_md_ctx(const EVP_MD* md) {
  EvpMdCtx ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1) {
    return unexpected(make_error(ErrorKind::internal, "cannot initialise an OpenSSL digest"));
  }
  return ctx;
}

template <std::size_t N>
void finish_md(EVP_MD_CTX* ctx, std::array<std::uint8_t, N>& out) {
  unsigned int len = 0;
  const int ok = EVP_DigestFinal_ex(ctx, out.data(), &len);
  HF2MS_ASSERT(ok == 1 && len == N);
}

}  // namespace

std::string to_hex(std::span<const std::uint8_t> bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const std::uint8_t b : bytes) {
    out.push_back(k_hex_digits[b >> 4]);
    out.push_back(k_hex_digits[b & 0x0f]);
  }
  return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = hex_digit_value(hex[i]);
    const int lo = hex_digit_value(hex[i + 1]);
    if (hi < 0 || lo < 0) {
      return std::nullopt;
    }
    out.push_back(static_cast<char>((hi << 4) | lo));
  }
  return out;
}

bool is_lower_hex(std::string_view s, std::size_t length) {
  if (s.size() != length) {
    return false;
  }
  for (const char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

Result<Sha256> Sha256::create() {
  auto ctx = make_md_ctx(EVP_sha256());
  if (!ctx) {
    return unexpected(ctx.error());
  }
  return Sha256(std::move(*ctx));
}

void Sha256::update(std::string_view data) { update(data.data(), data.size()); }

void Sha256::update(const void* data, std::size_t size) {
  HF2MS_ASSERT(EVP_DigestUpdate(ctx_.get(), data, size) == 1);
}

Sha256::Digest Sha256::finish() {
  Digest out{};
  finish_md(ctx_.get(), out);
  return out;
}

std::string Sha256::finish_hex() { return to_hex(finish()); }

Result<GitBlobSha1> GitBlobSha1::create(std::uint64_t size) {
  auto ctx = make_md_ctx(EVP_sha1());
  if (!ctx) {
    return unexpected(ctx.error());
  }
  // git hashes the object header, NUL included, before the content.
  const std::string header = "blob " + std::to_string(size) + std::string(1, '\0');
  HF2MS_ASSERT(EVP_DigestUpdate(ctx->get(), header.data(), header.size()) == 1);
  return GitBlobSha1(std::move(*ctx), size);
}

void GitBlobSha1::update(std::string_view data) { update(data.data(), data.size()); }

void GitBlobSha1::update(const void* data, std::size_t size) {
  fed_ += size;
  HF2MS_ASSERT(EVP_DigestUpdate(ctx_.get(), data, size) == 1);
}

GitBlobSha1::Digest GitBlobSha1::finish() {
  HF2MS_ASSERT(fed_ == declared_);
  Digest out{};
  finish_md(ctx_.get(), out);
  return out;
}

std::string GitBlobSha1::finish_hex() { return to_hex(finish()); }

Result<Xxh3_128> Xxh3_128::create(std::uint64_t seed) {
  Xxh3State state(XXH3_createState());
  if (!state || XXH3_128bits_reset_withSeed(state.get(), seed) != XXH_OK) {
    return unexpected(make_error(ErrorKind::internal, "cannot initialise an xxh3 state"));
  }
  return Xxh3_128(std::move(state));
}

void Xxh3_128::update(std::string_view data) { update(data.data(), data.size()); }

void Xxh3_128::update(const void* data, std::size_t size) {
  HF2MS_ASSERT(XXH3_128bits_update(state_.get(), data, size) == XXH_OK);
}

Xxh3_128::Digest Xxh3_128::finish() const {
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, XXH3_128bits_digest(state_.get()));
  Digest out{};
  std::memcpy(out.data(), canonical.digest, out.size());
  return out;
}

std::string Xxh3_128::finish_hex() const { return to_hex(finish()); }

std::string sha256_hex(std::string_view data) {
  auto h = Sha256::create();
  HF2MS_ASSERT(h.has_value());
  h->update(data);
  return h->finish_hex();
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  const unsigned char* done =
      HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac.data(), &length);
  HF2MS_ASSERT(done != nullptr && length == 32);
  return to_hex(std::span<const std::uint8_t>(mac.data(), length));
}

std::string git_blob_sha1_hex(std::string_view data) {
  auto h = GitBlobSha1::create(data.size());
  HF2MS_ASSERT(h.has_value());
  h->update(data);
  return h->finish_hex();
}

std::string git_object_sha1_hex(std::string_view type, std::string_view data) {
  auto ctx = make_md_ctx(EVP_sha1());
  HF2MS_ASSERT(ctx.has_value());
  const std::string header =
      std::string(type) + " " + std::to_string(data.size()) + std::string(1, '\0');
  HF2MS_ASSERT(EVP_DigestUpdate(ctx->get(), header.data(), header.size()) == 1);
  HF2MS_ASSERT(EVP_DigestUpdate(ctx->get(), data.data(), data.size()) == 1);
  GitBlobSha1::Digest out{};
  finish_md(ctx->get(), out);
  return to_hex(out);
}

std::string xxh3_128_hex(std::string_view data, std::uint64_t seed) {
  auto h = Xxh3_128::create(seed);
  HF2MS_ASSERT(h.has_value());
  h->update(data);
  return h->finish_hex();
}

std::uint64_t xxh3_64(std::string_view data, std::uint64_t seed) {
  return XXH3_64bits_withSeed(data.data(), data.size(), seed);
}

}  // namespace hf2ms::hashing
