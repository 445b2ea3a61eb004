#include "hub/backoff.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace hf2ms::hub {

std::chrono::milliseconds commit_backoff(int attempt, std::optional<double> requested,
                                         std::chrono::milliseconds max) {
  const double cap = static_cast<double>(max.count()) / 1000.0;
  double seconds = std::min(60.0, std::pow(2.0, std::clamp(attempt, 0, 16)));
  if (requested && std::isfinite(*requested) && *requested >= 0.0) {
    seconds = *requested;
  }
  seconds = std::min(seconds, cap);
  return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000.0));
}

}  // namespace hf2ms::hub
