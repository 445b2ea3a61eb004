// log: the tiny leveled logger every edge module uses (STYLE.md §9). Messages go to stderr as
// one line each ("hf2ms: debug: ..."); stdout stays for results. The level comes from `-v`
// (the CLI calls set_level) or the HF2MS_LOG environment variable (init_from_env). Arguments
// are only formatted when their level is enabled, so a disabled debug line costs one atomic
// load. Thread-safe: each line is written with a single fwrite.
//
// Never pass a token here: Secret prints as "***", and URLs/headers must go through
// http::redact_url / http::redact_header first.
#pragma once

#include <optional>
#include <sstream>
#include <string>
#include <string_view>

namespace hf2ms::log {

enum class Level { debug = 0, info = 1, warn = 2, off = 3 };

// The current threshold; messages below it are dropped. Default: warn.
void set_level(Level level);
[[nodiscard]] Level level();
[[nodiscard]] bool is_enabled(Level level);

// "debug", "info", "warn", "off" (case-insensitive); nullopt for anything else.
[[nodiscard]] std::optional<Level> parse_level(std::string_view text);

// Reads HF2MS_LOG and applies it when it names a level; leaves the level alone otherwise.
void init_from_env();

// Writes one finished line at `level` (no level check). Use debug/info/warn instead.
void write_line(Level level, std::string_view message);

template <class... Args>
void write(Level lvl, const Args&... args) {
  if (!is_enabled(lvl)) {
    return;
  }
  std::ostringstream out;
  (out << ... << args);
  write_line(lvl, out.str());
}

// log::debug("GET ", url, " -> ", status): each argument is streamed with operator<<.
template <class... Args>
void debug(const Args&... args) {
  write(Level::debug, args...);
}
template <class... Args>
void info(const Args&... args) {
  write(Level::info, args...);
}
template <class... Args>
void warn(const Args&... args) {
  write(Level::warn, args...);
}

}  // namespace hf2ms::log
