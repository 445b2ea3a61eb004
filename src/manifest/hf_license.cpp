#include "manifest/hf_license.hpp"

#include <algorithm>

namespace hf2ms::manifest {
namespace {

// hf_licenses.inc is generated at configure time from hf_licenses.txt: one "id", per line.
constexpr std::string_view k_ids[] = {
#include "hf_licenses.inc"
};

}  // namespace

std::span<const std::string_view> hf_license_ids() { return k_ids; }

bool is_hf_license(std::string_view id) {
  return std::find(std::begin(k_ids), std::end(k_ids), id) != std::end(k_ids);
}

}  // namespace hf2ms::manifest
