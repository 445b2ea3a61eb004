#include "util/diagnostics.hpp"

#include <algorithm>
#include <tuple>

namespace hf2ms {

void Diagnostics::error(std::string summary, std::string detail,
                        std::optional<SourceLocation> where) {
  items_.push_back({Severity::error, std::move(summary), std::move(detail), std::move(where)});
}

void Diagnostics::warning(std::string summary, std::string detail,
                          std::optional<SourceLocation> where) {
  items_.push_back({Severity::warning, std::move(summary), std::move(detail), std::move(where)});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(std::count_if(
      items_.begin(), items_.end(), [](const auto& d) { return d.severity == Severity::error; }));
}

std::size_t Diagnostics::warning_count() const { return items_.size() - error_count(); }

void Diagnostics::sort_by_location() {
  auto key = [](const Diagnostic& d) {
    return d.location ? std::tuple(d.location->file, d.location->line, d.location->column)
                      : std::tuple(std::string(), std::uint32_t{0}, std::uint32_t{0});
  };
  std::stable_sort(items_.begin(), items_.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
}

std::string render(const Diagnostic& d) {
  std::string out;
  if (d.location) {
    out += d.location->file;
    if (d.location->line > 0) {
      out += ":" + std::to_string(d.location->line);
      if (d.location->column > 0) {
        out += ":" + std::to_string(d.location->column);
      }
    }
    out += ": ";
  }
  out += d.severity == Severity::error ? "error: " : "warning: ";
  out += d.summary + "\n";
  if (!d.detail.empty()) {
    out += "  hint: " + d.detail + "\n";
  }
  return out;
}

std::string render(const Diagnostics& ds) {
  std::string out;
  for (const auto& d : ds.items()) {
    out += render(d);
  }
  return out;
}

}  // namespace hf2ms
