#include "http/rate_limits.hpp"

#include <algorithm>
#include <charconv>

namespace hf2ms::http {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A server's reset is untrusted: `t=999999999` must not park a bucket for years. Past this the
// bucket is probed again (a 429 then says the fresh reset).
constexpr seconds k_max_reset{900};
// Added to every reset: t= is whole seconds, and whether the Hub rounds it up (as
// hf2ms-hubsim does) or down is UNCONFIRMED; a little late is cheaper than a 429.
constexpr milliseconds k_reset_margin{500};
// While every remaining request of a bucket is in flight, look again this often: their
// answers say how many are really left.
constexpr milliseconds k_in_flight_poll{50};

// One list item: `"api";r=0;t=172`, `"fixed window";"api";q=1000;w=300` (the bucket is the
// last quoted token) or the legacy `remaining=0;reset=172` (no name).
BucketLimit parse_item(std::string_view item) {
  BucketLimit out;
  while (!item.empty()) {
    const std::size_t semi = item.find(';');
    const std::string_view part = trim_ows(item.substr(0, semi));
    item = semi == std::string_view::npos ? std::string_view{} : item.substr(semi + 1);
    if (part.size() >= 2 && part.front() == '"' && part.back() == '"') {
      out.bucket = std::string(part.substr(1, part.size() - 2));
      continue;
    }
    const std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      continue;
    }
    const std::string_view key = trim_ows(part.substr(0, eq));
    const auto value = parse_header_count(part.substr(eq + 1));
    if (key == "r" || key == "remaining") {
      out.remaining = value;
    } else if (key == "t" || key == "reset") {
      out.reset_seconds = value;
    } else if (key == "q" || key == "limit") {
      out.quota = value;
    } else if (key == "w" || key == "window") {
      out.window_seconds = value;
    }
  }
  return out;
}

// Every item of every `name` field. The legacy form spreads one item over comma-separated
// members (`remaining=0, reset=172`), so a field without a quoted name is one item.
std::vector<BucketLimit> parse_field(const Headers& headers, std::string_view name) {
  std::vector<BucketLimit> out;
  for (const std::string& field : headers.get_all(name)) {
    if (field.find('"') == std::string::npos) {
      std::string joined = field;
      std::replace(joined.begin(), joined.end(), ',', ';');
      out.push_back(parse_item(joined));
      continue;
    }
    std::string_view rest = field;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      out.push_back(parse_item(rest.substr(0, comma)));
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  }
  return out;
}

}  // namespace

std::string_view trim_ows(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

std::optional<long> parse_header_count(std::string_view text) {
  text = trim_ows(text);
  long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

std::string bucket_of_path(std::string_view path) {
  path = path.substr(0, path.find('?'));
  if (path.find(".git/info/lfs/") != std::string_view::npos) {
    return "";
  }
  if (path.find("/resolve/") != std::string_view::npos ||
      path.rfind("/api/resolve-cache/", 0) == 0) {
    return "resolvers";
  }
  if (path == "/api" || path.rfind("/api/", 0) == 0) {
    return "api";
  }
  return "pages";
}

std::vector<BucketLimit> parse_bucket_limits(const Headers& headers) {
  std::vector<BucketLimit> limits = parse_field(headers, "RateLimit");
  const std::vector<BucketLimit> policies = parse_field(headers, "RateLimit-Policy");
  for (BucketLimit& limit : limits) {
    for (const BucketLimit& policy : policies) {
      if (policy.bucket == limit.bucket) {
        limit.quota = policy.quota;
        limit.window_seconds = policy.window_seconds;
      }
    }
  }
  return limits;
}

bool RateLimitBook::is_exhausted(State& s, SteadyTime now) {
  if (!s.remaining) {
    return false;
  }
  if (now >= s.resets_at) {
    s.remaining = s.quota;  // a fresh window (unknown when no policy said the quota)
    if (!s.remaining) {
      return false;
    }
  }
  return *s.remaining <= static_cast<long>(s.in_flight);
}

RateLimitBook::Admission RateLimitBook::admit(const std::string& origin, const std::string& bucket,
                                              SteadyTime now) {
  const std::lock_guard lock(mutex_);
  State* whole = nullptr;
  if (auto it = states_.find({origin, ""}); it != states_.end() && !bucket.empty()) {
    whole = &it->second;
  }
  State& own = states_[{origin, bucket}];
  for (State* s : {whole, &own}) {
    if (s == nullptr || !is_exhausted(*s, now)) {
      continue;
    }
    if (*s->remaining > 0) {
      return {false, now + k_in_flight_poll};  // every remaining request is in flight
    }
    s->hold_until = s->resets_at;
    return {false, s->resets_at};
  }
  if (!own.answered && own.in_flight > 0) {
    // Nothing known yet (a fresh process): one request probes before the others follow, so
    // a bucket another process has just spent costs one 429, not a burst of them.
    return {false, now + k_in_flight_poll};
  }
  ++own.in_flight;
  return {true, now};
}

void RateLimitBook::learn(State& s, const BucketLimit& limit, SteadyTime now) {
  if (limit.quota) {
    s.quota = limit.quota;
  }
  if (limit.window_seconds) {
    s.window_s = limit.window_seconds;
  }
  if (!limit.remaining) {
    return;
  }
  const seconds reset(
      std::min<long>(limit.reset_seconds.value_or(s.window_s.value_or(1)), k_max_reset.count()));
  const SteadyTime estimate = now + reset + k_reset_margin;
  // Answers of one window agree on its end within the rounding of t=; an answer whose end
  // is further off opened the next window (or the server started over). This needs windows
  // well above t='s one-second resolution (3 s at least; the Hub's are 300 s).
  const auto tolerance =
      std::max<milliseconds>(seconds(1) + k_reset_margin, seconds(s.window_s.value_or(0)) / 2);
  const bool live = s.remaining && s.resets_at > now;
  const bool same_window =
      live && estimate < s.resets_at + tolerance && s.resets_at < estimate + tolerance;
  if (same_window) {
    s.remaining = std::min(*s.remaining, *limit.remaining);
    s.resets_at = std::min(s.resets_at, estimate);
    return;
  }
  if (live && estimate < s.resets_at && *limit.remaining <= *s.remaining) {
    return;  // a late answer from the window before: going back to it would overshoot
  }
  s.remaining = limit.remaining;
  s.resets_at = estimate;
}

void RateLimitBook::settle(const std::string& origin, const std::string& bucket,
                           const Headers* headers, SteadyTime now) {
  const std::lock_guard lock(mutex_);
  State& own = states_[{origin, bucket}];
  if (own.in_flight > 0) {
    --own.in_flight;
  }
  if (headers == nullptr) {
    return;
  }
  own.answered = true;
  for (const BucketLimit& limit : parse_bucket_limits(*headers)) {
    learn(states_[{origin, limit.bucket}], limit, now);
  }
}

std::vector<QuotaHold> RateLimitBook::holds(SteadyTime now) const {
  const std::lock_guard lock(mutex_);
  std::vector<QuotaHold> out;
  for (const auto& [key, s] : states_) {
    if (s.hold_until && *s.hold_until > now && s.resets_at > now) {
      out.push_back({key.first, key.second, s.resets_at});
    }
  }
  return out;
}

RateLimitBook& process_rate_limits() {
  static RateLimitBook book;
  return book;
}

}  // namespace hf2ms::http
