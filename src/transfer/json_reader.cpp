#include "transfer/json_reader.hpp"

#include <algorithm>

namespace hf2ms::transfer {

using nlohmann::json;

std::optional<json> JsonReader::parse(std::string_view text) {
  json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    diags_.error("malformed " + what_ + ": not valid JSON",
                 "was the file truncated? It must be written by hf2ms",
                 SourceLocation{file_, 0, 0});
    return std::nullopt;
  }
  return doc;
}

void JsonReader::fail(const std::string& path, const std::string& problem) {
  diags_.error("invalid " + what_ + ": " + (path.empty() ? "(top)" : path) + ": " + problem, "",
               SourceLocation{file_, 0, 0});
}

std::string JsonReader::join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string JsonReader::index(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

bool JsonReader::object(const json& j, const std::string& path,
                        std::initializer_list<std::string_view> allowed) {
  if (!j.is_object()) {
    fail(path, "expected an object");
    return false;
  }
  for (const auto& item : j.items()) {
    if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) {
      fail(join(path, item.key()), "unknown key");
    }
  }
  return true;
}

const json* JsonReader::member(const json& obj, std::string_view key, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    fail(join(path, key), "missing");
    return nullptr;
  }
  return &*it;
}

std::string JsonReader::str(const json& obj, std::string_view key, const std::string& path) {
  const json* v = member(obj, key, path);
  if (v == nullptr) {
    return {};
  }
  if (!v->is_string()) {
    fail(join(path, key), "expected a string");
    return {};
  }
  return v->get<std::string>();
}

std::optional<std::string> JsonReader::opt_str(const json& obj, std::string_view key,
                                               const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    return std::nullopt;
  }
  if (!it->is_string()) {
    fail(join(path, key), "expected a string or null");
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::uint64_t JsonReader::u64(const json& obj, std::string_view key, const std::string& path) {
  const json* v = member(obj, key, path);
  if (v == nullptr) {
    return 0;
  }
  if (!v->is_number_unsigned()) {
    fail(join(path, key), "expected an unsigned integer");
    return 0;
  }
  return v->get<std::uint64_t>();
}

std::int64_t JsonReader::i64(const json& obj, std::string_view key, const std::string& path) {
  const json* v = member(obj, key, path);
  if (v == nullptr) {
    return 0;
  }
  if (!v->is_number_integer()) {
    fail(join(path, key), "expected an integer");
    return 0;
  }
  return v->get<std::int64_t>();
}

bool JsonReader::boolean(const json& obj, std::string_view key, const std::string& path) {
  const json* v = member(obj, key, path);
  if (v == nullptr) {
    return false;
  }
  if (!v->is_boolean()) {
    fail(join(path, key), "expected true or false");
    return false;
  }
  return v->get<bool>();
}

double JsonReader::number(const json& obj, std::string_view key, const std::string& path) {
  const json* v = member(obj, key, path);
  if (v == nullptr) {
    return 0;
  }
  if (!v->is_number()) {
    fail(join(path, key), "expected a number");
    return 0;
  }
  return v->get<double>();
}

const json* JsonReader::array(const json& obj, std::string_view key, const std::string& path) {
  const json* v = member(obj, key, path);
  if (v != nullptr && !v->is_array()) {
    fail(join(path, key), "expected an array");
    return nullptr;
  }
  return v;
}

}  // namespace hf2ms::transfer
