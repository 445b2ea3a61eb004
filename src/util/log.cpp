#include "util/log.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace hf2ms::log {
namespace {

std::atomic<int> g_level{static_cast<int>(Level::warn)};

std::string_view level_name(Level level) {
  switch (level) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warning";
    case Level::off:
      return "off";
  }
  return "off";
}

}  // namespace

void set_level(Level level) { g_level.store(static_cast<int>(level)); }

Level level() { return static_cast<Level>(g_level.load()); }

bool is_enabled(Level lvl) {
  return lvl != Level::off && static_cast<int>(lvl) >= g_level.load(std::memory_order_relaxed);
}

std::optional<Level> parse_level(std::string_view text) {
  const std::string lower = to_lower_ascii(text);
  if (lower == "debug") {
    return Level::debug;
  }
  if (lower == "info") {
    return Level::info;
  }
  if (lower == "warn" || lower == "warning") {
    return Level::warn;
  }
  if (lower == "off") {
    return Level::off;
  }
  return std::nullopt;
}

void init_from_env() {
  const char* value = std::getenv("HF2MS_LOG");  // NOLINT(concurrency-mt-unsafe): read at startup
  if (value == nullptr) {
    return;
  }
  if (auto parsed = parse_level(value)) {
    set_level(*parsed);
  }
}

void write_line(Level lvl, std::string_view message) {
  std::string line = "hf2ms: ";
  line += level_name(lvl);
  line += ": ";
  line += message;
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace hf2ms::log
