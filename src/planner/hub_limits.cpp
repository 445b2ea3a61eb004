#include "planner/hub_limits.hpp"

namespace hf2ms::planner {

HubLimits default_limits(manifest::Hub hub) {
  constexpr std::uint64_t k_gb = 1000ULL * 1000 * 1000;
  constexpr std::uint64_t k_mib = 1024ULL * 1024;
  if (hub == manifest::Hub::hf) {
    return HubLimits{50 * k_gb, 10 * k_mib, 10'000, 100'000, 50 * k_gb, 25'000};
  }
  return HubLimits{100 * k_gb, 1 * k_mib, 50'000, 100'000, 0, 2'000};
}

}  // namespace hf2ms::planner
