// Deterministic pseudo-random file content for seeded repos and benchmarks: byte i of the
// content for `seed` is a pure function of (seed, i), so any range can be produced without
// producing what precedes it, and a 4 GiB file costs no disk. Fast (a splitmix64 per 8 bytes,
// several GB/s) so the simulator is never the bottleneck when it serves generated files.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hf2ms::hubsim {

// Writes bytes [offset, offset + length) of the content for `seed` into `out`.
void fill_generated(std::uint64_t seed, std::uint64_t offset, char* out, std::size_t length);

}  // namespace hf2ms::hubsim
