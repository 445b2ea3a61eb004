#include "hubsim/generated_content.hpp"

#include <bit>
#include <cstring>

namespace hf2ms::hubsim {
namespace {

// splitmix64 finaliser: a good 64-bit mix of the word index and the seed.
constexpr std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t word_at(std::uint64_t seed, std::uint64_t index) {
  return mix(index ^ (seed * 0xd1342543de82ef95ULL));
}

// Little-endian hosts only, so the same seed gives the same bytes everywhere we run.
static_assert(std::endian::native == std::endian::little);
void store_le(std::uint64_t w, char* out) { std::memcpy(out, &w, sizeof w); }

}  // namespace

void fill_generated(std::uint64_t seed, std::uint64_t offset, char* out, std::size_t length) {
  std::size_t done = 0;
  // Unaligned head: produce the whole word and copy the wanted tail of it.
  while (done < length && (offset + done) % 8 != 0) {
    char word[8];
    const std::uint64_t pos = offset + done;
    store_le(word_at(seed, pos / 8), word);
    out[done] = word[pos % 8];
    ++done;
  }
  std::uint64_t index = (offset + done) / 8;
  while (length - done >= 8) {
    store_le(word_at(seed, index++), out + done);
    done += 8;
  }
  if (done < length) {
    char word[8];
    store_le(word_at(seed, index), word);
    std::memcpy(out + done, word, length - done);
  }
}

}  // namespace hf2ms::hubsim
