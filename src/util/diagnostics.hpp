// Diagnostics: problems in user input (manifest, CLI arguments, plan files), collected all at
// once rather than stopping at the first. Each carries a severity, a one-line summary, a hint
// saying what to do, and a `file:line:col` location when the input has one. The CLI views
// render them; tests assert the rendered text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hf2ms {

enum class Severity { error, warning };

struct SourceLocation {
  std::string file;
  std::uint32_t line = 0;    // 1-based; 0 when unknown
  std::uint32_t column = 0;  // 1-based; 0 when unknown
  bool operator==(const SourceLocation&) const = default;
};

struct Diagnostic {
  Severity severity = Severity::error;
  std::string summary;  // one line, no trailing period: "unknown key 'prunee'"
  std::string detail;   // what to do about it; may be empty
  std::optional<SourceLocation> location;
  bool operator==(const Diagnostic&) const = default;
};

class Diagnostics {
 public:
  void error(std::string summary, std::string detail = {},
             std::optional<SourceLocation> where = std::nullopt);
  void warning(std::string summary, std::string detail = {},
               std::optional<SourceLocation> where = std::nullopt);
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void append(const Diagnostics& other);

  [[nodiscard]] bool has_errors() const;
  [[nodiscard]] std::size_t error_count() const;
  [[nodiscard]] std::size_t warning_count() const;
  [[nodiscard]] bool empty() const { return items_.empty(); }
  [[nodiscard]] const std::vector<Diagnostic>& items() const { return items_; }

  // Stable order for output: by file, line, column, then insertion order.
  void sort_by_location();

 private:
  std::vector<Diagnostic> items_;
};

// "hf2ms.toml:12:10: error: unknown key 'prunee'\n  hint: did you mean 'prune'?\n"
// Without a location the prefix is the file name alone, or nothing.
[[nodiscard]] std::string render(const Diagnostic& d);
[[nodiscard]] std::string render(const Diagnostics& ds);

}  // namespace hf2ms
