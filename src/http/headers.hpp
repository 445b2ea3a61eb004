// Headers: an ordered, multi-valued list of HTTP header fields with case-insensitive names,
// used both for what a Request sends and what a Response received. Over HTTP/2 the hubs send
// names in lower case; lookups never care. Plain value type; no curl.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hf2ms::http {

[[nodiscard]] bool iequals(std::string_view a, std::string_view b);

class Headers {
 public:
  using Field = std::pair<std::string, std::string>;

  // Appends a field, keeping any existing ones with the same name (Link, Set-Cookie).
  void add(std::string name, std::string value);
  // Replaces every field named `name` with one field.
  void set(const std::string& name, std::string value);
  void remove(std::string_view name);

  // The first value of `name`, if present.
  [[nodiscard]] std::optional<std::string> get(std::string_view name) const;
  // Every value of `name`, in arrival order.
  [[nodiscard]] std::vector<std::string> get_all(std::string_view name) const;
  [[nodiscard]] bool contains(std::string_view name) const;

  [[nodiscard]] const std::vector<Field>& fields() const { return fields_; }
  [[nodiscard]] bool empty() const { return fields_.empty(); }
  void clear() { fields_.clear(); }

 private:
  std::vector<Field> fields_;
};

// Parses one raw header line as curl delivers it ("Name: value\r\n") and adds it; status
// lines and blank lines are ignored. Values are trimmed of surrounding whitespace.
void add_raw_header_line(Headers& headers, std::string_view line);

}  // namespace hf2ms::http
