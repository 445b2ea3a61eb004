#include "hubsim/ms_rules.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace hf2ms::hubsim {
namespace {

constexpr std::uint64_t k_lfs_size_threshold = 1024ULL * 1024ULL;

// The server parses these, so clients always send them inline (§8.2, rule C).
constexpr auto k_always_inline = std::to_array<std::string_view>(
    {"README.md", ".gitattributes", ".gitignore", "configuration.json", "configuration.yaml",
     "configuration.yml", "dataset_infos.json", "config.json", ".msc", ".mdl"});

constexpr auto k_model_lfs_suffixes = std::to_array<std::string_view>(
    {".7z",      ".arrow",   ".bin",    ".bz2",     ".ckpt", ".ftz", ".gz",   ".h5",
     ".joblib",  ".mlmodel", ".model",  ".msgpack", ".npy",  ".npz", ".onnx", ".ot",
     ".parquet", ".pb",      ".pickle", ".pkl",     ".pt",   ".pth", ".rar",  ".safetensors",
     ".tar",     ".tflite",  ".tgz",    ".wasm",    ".xz",   ".zip", ".zst"});

constexpr auto k_dataset_lfs_suffixes = std::to_array<std::string_view>(
    {".7z",   ".aac",     ".arrow", ".audio", ".bmp",  ".bin",     ".bz2",  ".flac",   ".ftz",
     ".gif",  ".gz",      ".h5",    ".jack",  ".jpeg", ".jpg",     ".png",  ".jsonl",  ".joblib",
     ".lz4",  ".msgpack", ".npy",   ".npz",   ".ot",   ".parquet", ".pb",   ".pickle", ".pcm",
     ".pkl",  ".raw",     ".rar",   ".sam",   ".tar",  ".tgz",     ".wasm", ".wav",    ".webm",
     ".webp", ".zip",     ".zst",   ".tiff",  ".mp3",  ".mp4",     ".ogg"});

std::string_view basename_of(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

template <std::size_t N>
bool has_suffix_in(std::string_view name, const std::array<std::string_view, N>& list) {
  return std::any_of(list.begin(), list.end(), [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
  });
}

bool is_clean_segment(std::string_view segment) {
  if (segment.empty() || segment == "." || segment == "..") {
    return false;
  }
  return std::none_of(segment.begin(), segment.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f || c == '\\';
  });
}

}  // namespace

std::string_view plural(MsRepoKind kind) {
  return kind == MsRepoKind::model ? "models" : "datasets";
}

std::optional<MsRepoKind> kind_from_plural(std::string_view segment) {
  if (segment == "models") {
    return MsRepoKind::model;
  }
  if (segment == "datasets") {
    return MsRepoKind::dataset;
  }
  return std::nullopt;
}

bool is_valid_repo_path(std::string_view path) {
  if (path.empty()) {
    return false;
  }
  std::size_t start = 0;
  while (true) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    if (!is_clean_segment(path.substr(start, end - start))) {
      return false;
    }
    if (slash == std::string_view::npos) {
      return true;
    }
    start = slash + 1;
  }
}

bool is_valid_repo_name(std::string_view part) {
  if (part.empty() || part.size() > 64 || part.front() == '.' || part.front() == '-') {
    return false;
  }
  return std::all_of(part.begin(), part.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
  });
}

bool is_sha256_hex(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0;
         });
}

bool is_true_param(std::string_view value) {
  const std::string lower = to_lower_ascii(value);
  return lower == "true" || lower == "1";
}

bool is_lfs_by_rule(MsRepoKind kind, std::string_view path, std::uint64_t size) {
  const std::string_view name = basename_of(path);
  if (std::find(k_always_inline.begin(), k_always_inline.end(), name) != k_always_inline.end()) {
    return false;
  }
  const bool by_suffix = kind == MsRepoKind::model ? has_suffix_in(name, k_model_lfs_suffixes)
                                                   : has_suffix_in(name, k_dataset_lfs_suffixes);
  return by_suffix || size > k_lfs_size_threshold;
}

std::optional<nlohmann::json> parse_json_body(std::string_view body) {
  auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return std::nullopt;
  }
  return parsed;
}

std::optional<std::string> json_string(const nlohmann::json& obj, std::string_view key) {
  if (!obj.is_object()) {
    return std::nullopt;
  }
  const auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) {
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::optional<std::int64_t> json_int(const nlohmann::json& obj, std::string_view key) {
  if (!obj.is_object()) {
    return std::nullopt;
  }
  const auto it = obj.find(key);
  if (it == obj.end() || !it->is_number_integer()) {
    return std::nullopt;
  }
  return it->get<std::int64_t>();
}

}  // namespace hf2ms::hubsim
