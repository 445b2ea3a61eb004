// Byte sizes written by people: "50GB", "512MiB", "1.5 TB", or a plain integer number of bytes.
// Used for [executor] shard_size. Pure.
//
// Units (case-insensitive): B; decimal kB/KB, MB, GB, TB, PB (powers of 1000); binary KiB,
// MiB, GiB, TiB, PiB (powers of 1024). A fraction is allowed ("1.5GB" = 1'500'000'000);
// at most 3 decimals; a fractional byte count is rounded down. One space may separate number and
// unit.
#pragma once

#include "manifest/problem.hpp"
#include "util/expected.hpp"

#include <cstdint>
#include <string_view>

namespace hf2ms::manifest {

// The number of bytes `text` denotes; a Problem for garbage, zero, or more than 2^64-1.
[[nodiscard]] Expected<std::uint64_t, Problem> parse_byte_size(std::string_view text);

// Checks a size given as a TOML integer: it must be positive.
[[nodiscard]] Expected<std::uint64_t, Problem> byte_size_from_integer(std::int64_t bytes);

}  // namespace hf2ms::manifest
