#include "http/headers.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <cctype>

namespace hf2ms::http {
namespace {

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) { return iequals_ascii(a, b); }

void Headers::add(std::string name, std::string value) {
  fields_.emplace_back(std::move(name), std::move(value));
}

void Headers::set(const std::string& name, std::string value) {
  remove(name);
  add(name, std::move(value));
}

void Headers::remove(std::string_view name) {
  std::erase_if(fields_, [&](const Field& f) { return iequals(f.first, name); });
}

std::optional<std::string> Headers::get(std::string_view name) const {
  for (const auto& [key, value] : fields_) {
    if (iequals(key, name)) {
      return value;
    }
  }
  return std::nullopt;
}

std::vector<std::string> Headers::get_all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [key, value] : fields_) {
    if (iequals(key, name)) {
      out.push_back(value);
    }
  }
  return out;
}

bool Headers::contains(std::string_view name) const { return get(name).has_value(); }

void add_raw_header_line(Headers& headers, std::string_view line) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return;
  }
  headers.add(std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
}

}  // namespace hf2ms::http
