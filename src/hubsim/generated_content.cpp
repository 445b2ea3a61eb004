#include "hubsim/generated_content.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <vector>

namespace hf2ms::hubsim {
namespace {

// splitmix64 finaliser: a good 64-bit mix.
constexpr std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Content is a 64 KiB pseudo-random base block per seed, XORed word-wise with a key that
// changes every block: random access, no two blocks alike, and generating costs about one
// XOR per 8 bytes, so serving a generated file runs at memory speed.
constexpr std::uint64_t k_block_words = 8192;  // 64 KiB

// Little-endian hosts only, so the same seed gives the same bytes everywhere we run.
static_assert(std::endian::native == std::endian::little);

// Word `i` (< k_block_words) of the base block of `seed`.
constexpr std::uint64_t base_word(std::uint64_t seed, std::uint64_t i) {
  return mix(i ^ (seed * 0xd1342543de82ef95ULL));
}

// Reads shorter than this compute their words directly instead of building the 64 KiB base
// block: seeding a million small files would otherwise spend most of its time there.
constexpr std::size_t k_direct_limit = 4096;

const std::vector<std::uint64_t>& base_block(std::uint64_t seed) {
  thread_local std::uint64_t cached_seed = 0;
  thread_local std::vector<std::uint64_t> block;
  if (block.empty() || cached_seed != seed) {
    block.resize(k_block_words);
    for (std::uint64_t i = 0; i < k_block_words; ++i) {
      block[i] = base_word(seed, i);
    }
    cached_seed = seed;
  }
  return block;
}

std::uint64_t block_key(std::uint64_t seed, std::uint64_t block_index) {
  return mix(block_index + mix(seed));
}

std::uint64_t word_at(std::uint64_t seed, std::uint64_t index) {
  return base_block(seed)[index % k_block_words] ^ block_key(seed, index / k_block_words);
}

}  // namespace

void fill_generated(std::uint64_t seed, std::uint64_t offset, char* out, std::size_t length) {
  if (length < k_direct_limit) {
    for (std::size_t done = 0; done < length;) {
      const std::uint64_t pos = offset + done;
      const std::uint64_t index = pos / 8;
      const std::uint64_t w =
          base_word(seed, index % k_block_words) ^ block_key(seed, index / k_block_words);
      char bytes[sizeof w];
      std::memcpy(bytes, &w, sizeof w);
      const std::size_t skip = static_cast<std::size_t>(pos % 8);
      const std::size_t n = std::min<std::size_t>(sizeof w - skip, length - done);
      std::memcpy(out + done, bytes + skip, n);
      done += n;
    }
    return;
  }
  std::size_t done = 0;
  // Unaligned head: produce the whole word and copy the wanted bytes of it.
  while (done < length && (offset + done) % 8 != 0) {
    const std::uint64_t pos = offset + done;
    const std::uint64_t w = word_at(seed, pos / 8);
    out[done++] = static_cast<char>((w >> (8 * (pos % 8))) & 0xff);
  }
  const std::vector<std::uint64_t>& base = base_block(seed);
  std::uint64_t index = (offset + done) / 8;
  while (length - done >= 8) {
    const std::uint64_t key = block_key(seed, index / k_block_words);
    const std::uint64_t in_block = index % k_block_words;
    const std::uint64_t words =
        std::min<std::uint64_t>(k_block_words - in_block, (length - done) / 8);
    for (std::uint64_t k = 0; k < words; ++k) {
      const std::uint64_t w = base[in_block + k] ^ key;
      std::memcpy(out + done + 8 * k, &w, sizeof w);
    }
    done += static_cast<std::size_t>(8 * words);
    index += words;
  }
  if (done < length) {
    const std::uint64_t w = word_at(seed, index);
    std::memcpy(out + done, &w, length - done);
  }
}

}  // namespace hf2ms::hubsim
