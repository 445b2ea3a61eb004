#include "hubsim/faults.hpp"

#include "hashing/hashing.hpp"

#include <charconv>

namespace hf2ms::hubsim {
namespace {

Result<std::uint64_t> parse_number(std::string_view key, std::string_view v) {
  std::uint64_t mult = 1;
  // Byte-size suffixes for cut_after and bandwidth: k, m, g (powers of 1024).
  if (!v.empty() && (v.back() == 'k' || v.back() == 'K')) {
    mult = 1024;
  } else if (!v.empty() && (v.back() == 'm' || v.back() == 'M')) {
    mult = 1024 * 1024;
  } else if (!v.empty() && (v.back() == 'g' || v.back() == 'G')) {
    mult = 1024 * 1024 * 1024;
  }
  if (mult != 1) {
    v.remove_suffix(1);
  }
  std::uint64_t n = 0;
  const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || v.empty()) {
    return unexpected(
        make_error(ErrorKind::invalid_input,
                   "fault: " + std::string(key) + " wants a number, got '" + std::string(v) + "'"));
  }
  return n * mult;
}

Result<void> set_listener(FaultRule& rule, std::string_view v) {
  if (v == "hf") {
    rule.listener = Listener::hf;
  } else if (v == "ms") {
    rule.listener = Listener::ms;
  } else if (v == "cdn") {
    rule.listener = Listener::cdn;
  } else if (v != "any") {
    return unexpected(
        make_error(ErrorKind::invalid_input, "fault: listener is hf, ms, cdn or any"));
  }
  return {};
}

Result<void> set_field(FaultRule& rule, std::string_view key, std::string_view v) {
  if (key == "listener") {
    return set_listener(rule, v);
  }
  if (key == "regex") {
    try {
      const std::regex check{std::string(v)};
    } catch (const std::regex_error& e) {
      return unexpected(
          make_error(ErrorKind::invalid_input, std::string("fault: bad regex: ") + e.what()));
    }
  }
  if (key == "method" || key == "prefix" || key == "regex") {
    std::string& field = key == "method"   ? rule.method
                         : key == "prefix" ? rule.path_prefix
                                           : rule.path_regex;
    field = std::string(v);
    return {};
  }
  if (key == "probability" || key == "rate") {
    rule.probability = std::strtod(std::string(v).c_str(), nullptr);
    return {};
  }
  auto n = parse_number(key, v);
  if (!n) {
    return unexpected(n.error());
  }
  if (key == "times") {
    rule.times = static_cast<std::int64_t>(*n);
  } else if (key == "latency_ms") {
    rule.latency_ms = static_cast<std::uint32_t>(*n);
  } else if (key == "status") {
    rule.status = static_cast<int>(*n);
  } else if (key == "retry_after") {
    rule.retry_after_s = static_cast<std::uint32_t>(*n);
  } else if (key == "cut_after") {
    rule.cut_after_bytes = *n;
  } else if (key == "bandwidth") {
    rule.bandwidth_bps = *n;
  } else {
    return unexpected(
        make_error(ErrorKind::invalid_input, "fault: unknown key '" + std::string(key) + "'"));
  }
  return {};
}

}  // namespace

Result<FaultRule> parse_fault_rule(std::string_view spec) {
  FaultRule rule;
  while (!spec.empty()) {
    const auto comma = spec.find(',');
    const std::string_view item = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
    const auto eq = item.find('=');
    if (eq == std::string_view::npos) {
      return unexpected(make_error(ErrorKind::invalid_input,
                                   "fault: expected key=value, got '" + std::string(item) + "'"));
    }
    auto set = set_field(rule, item.substr(0, eq), item.substr(eq + 1));
    if (!set) {
      return unexpected(set.error());
    }
  }
  if (rule.status == 429 && rule.retry_after_s == 0) {
    rule.retry_after_s = 1;
  }
  return rule;
}

Result<void> FaultInjector::set_rules(std::vector<FaultRule> rules) {
  std::vector<Compiled> compiled;
  for (auto& r : rules) {
    std::optional<std::regex> re;
    if (!r.path_regex.empty()) {
      try {
        re.emplace(r.path_regex);
      } catch (const std::regex_error& e) {
        return unexpected(
            make_error(ErrorKind::invalid_input, std::string("fault: bad regex: ") + e.what()));
      }
    }
    compiled.push_back(Compiled{std::move(r), std::move(re), 0});
  }
  const std::lock_guard lock(mu_);
  rules_ = std::move(compiled);
  seen_.clear();
  return {};
}

Result<void> FaultInjector::add_rule(FaultRule rule) {
  std::vector<FaultRule> all;
  {
    const std::lock_guard lock(mu_);
    for (const auto& c : rules_) {
      all.push_back(c.rule);
    }
  }
  all.push_back(std::move(rule));
  return set_rules(std::move(all));
}

void FaultInjector::clear() {
  const std::lock_guard lock(mu_);
  rules_.clear();
}

void FaultInjector::reseed(std::uint64_t seed, FaultDraw draw) {
  const std::lock_guard lock(mu_);
  rng_.seed(seed);
  seed_ = seed;
  draw_ = draw;
  seen_.clear();
}

bool FaultInjector::draws_fire(std::size_t index, double probability, const std::string& key,
                               std::uint64_t occurrence) {
  if (draw_ == FaultDraw::sequence) {
    return std::uniform_real_distribution<double>(0.0, 1.0)(rng_) < probability;
  }
  const std::string text = std::to_string(index) + '\n' + std::to_string(occurrence) + '\n' + key;
  // The top 53 bits as a double in [0, 1), as uniform_real_distribution would map them.
  const double unit = static_cast<double>(hashing::xxh3_64(text, seed_) >> 11) * 0x1.0p-53;
  return unit < probability;
}

FaultDecision FaultInjector::decide(Listener listener, std::string_view method,
                                    std::string_view path) {
  const std::lock_guard lock(mu_);
  FaultDecision d;
  std::string key;
  std::uint64_t occurrence = 0;
  if (draw_ == FaultDraw::keyed) {
    key = std::string(to_string(listener)) + ' ' + std::string(method) + ' ' + std::string(path);
    occurrence = seen_[key]++;
  }
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    Compiled& c = rules_[i];
    const FaultRule& r = c.rule;
    if ((r.listener && *r.listener != listener) || (!r.method.empty() && r.method != method) ||
        path.substr(0, r.path_prefix.size()) != r.path_prefix ||
        (c.regex && !std::regex_match(path.begin(), path.end(), *c.regex)) ||
        (r.times >= 0 && c.fired >= r.times)) {
      continue;
    }
    if (r.probability < 1.0 && !draws_fire(i, r.probability, key, occurrence)) {
      continue;
    }
    ++c.fired;
    d.latency_ms += r.latency_ms;
    d.status = d.status != 0 ? d.status : r.status;
    d.retry_after_s = std::max(d.retry_after_s, r.retry_after_s);
    d.cut_after_bytes = d.cut_after_bytes ? d.cut_after_bytes : r.cut_after_bytes;
    d.bandwidth_bps = d.bandwidth_bps != 0 ? d.bandwidth_bps : r.bandwidth_bps;
  }
  return d;
}

}  // namespace hf2ms::hubsim
