// backoff: how long a hub client waits before sending a refused request again. The hub may
// say (Retry-After, an error's retry_after_seconds), but its answer is untrusted: the wait is
// clamped, so "Retry-After: 999999999" cannot park a mirror for years. Pure.
#pragma once

#include <chrono>
#include <optional>

namespace hf2ms::hub {

// The longest wait a hub's answer can ask for between two commit attempts: the ModelScope
// SDK's own cap, min(2^n, 60) s (protocols/real-hub-limits.md, ModelScope item 2).
inline constexpr std::chrono::milliseconds k_max_hub_backoff{60'000};

// The wait before attempt `attempt` + 1: the hub's `requested` seconds when it gave a finite,
// non-negative number, else min(2^attempt, 60) s; never more than `max`.
[[nodiscard]] std::chrono::milliseconds commit_backoff(
    int attempt, std::optional<double> requested,
    std::chrono::milliseconds max = k_max_hub_backoff);

}  // namespace hf2ms::hub
