#include "manifest/read.hpp"

#include "manifest/endpoint.hpp"
#include "manifest/size.hpp"
#include "manifest/token_env.hpp"

#include <array>
#include <cctype>
#include <limits>

namespace hf2ms::manifest {
namespace {

constexpr std::int64_t k_supported_version = 1;
constexpr std::int64_t k_max_containers = 1000;

constexpr std::array<std::string_view, 6> k_top_keys{"version",  "max_delete_total", "hubs",
                                                     "executor", "defaults",         "mirror"};
constexpr std::array<std::string_view, 2> k_hub_names{"hf", "ms"};
constexpr std::array<std::string_view, 2> k_hub_keys{"endpoint", "token_env"};
constexpr std::array<std::string_view, 3> k_executor_keys{"kind", "max_containers", "shard_size"};
constexpr std::array<std::string_view, 2> k_executor_kinds{"modal", "local"};

void read_version(TomlReader& reader, const toml::table& root, Manifest& out) {
  std::string file = reader.at(root).file;
  if (!root.contains("version")) {
    reader.diagnostics().error("missing 'version'", "add version = 1 as the first line",
                               SourceLocation{file, 1, 1});
    return;
  }
  if (auto v = reader.integer(root, "version", "1")) {
    if (v->value != k_supported_version) {
      reader.diagnostics().error("unsupported manifest version " + std::to_string(v->value),
                                 "this hf2ms reads version = 1", v->at);
    }
    out.version = v->value;
  }
}

void read_endpoint(TomlReader& reader, const toml::table& hub, HubConfig& out) {
  auto url = reader.string(hub, "endpoint", "\"https://huggingface.co\"");
  if (!url) {
    return;
  }
  auto checked = check_endpoint(url->value);
  if (!checked) {
    reader.invalid(*url, "endpoint", checked.error());
    return;
  }
  out.endpoint = checked->url;
}

void read_hub(TomlReader& reader, const toml::table& hubs, Hub hub, HubConfig& out) {
  const std::string name = to_string(hub);
  const toml::table* table = reader.table(hubs, name);
  if (table == nullptr) {
    return;
  }
  reader.check_keys(*table, k_hub_keys, "[hubs." + name + "]");
  read_endpoint(reader, *table, out);
  const char* example = hub == Hub::hf ? "\"HF_TOKEN\"" : "\"MODELSCOPE_TOKEN\"";
  if (auto env = reader.string(*table, "token_env", example)) {
    if (auto problem = check_token_env(hub, env->value)) {
      reader.invalid(*env, "token_env", *problem);
    } else {
      out.token_env = env->value;
    }
  }
}

void read_hubs(TomlReader& reader, const toml::table& root, Manifest& out) {
  const toml::table* hubs = reader.table(root, "hubs");
  if (hubs == nullptr) {
    return;
  }
  reader.check_keys(*hubs, k_hub_names, "[hubs]");
  read_hub(reader, *hubs, Hub::hf, out.hf);
  read_hub(reader, *hubs, Hub::ms, out.ms);
}

void read_shard_size(TomlReader& reader, const toml::table& executor, ExecutorConfig& out) {
  const toml::node* node = executor.get("shard_size");
  if (node == nullptr) {
    return;
  }
  if (const auto* bytes = node->as_integer()) {
    auto size = byte_size_from_integer(bytes->get());
    if (!size) {
      reader.out_of_range({bytes->get(), reader.at(*node)}, "shard_size", "at least 1 byte",
                          size.error().hint);
      return;
    }
    out.shard_size = *size;
    return;
  }
  if (!node->is_string()) {
    reader.type_error(*node, "shard_size", "a size string or an integer", "\"50GB\"");
    return;
  }
  if (auto text = reader.string(executor, "shard_size", "\"50GB\"")) {
    auto size = parse_byte_size(text->value);
    if (!size) {
      reader.invalid(*text, "shard_size", size.error());
      return;
    }
    out.shard_size = *size;
  }
}

void read_executor(TomlReader& reader, const toml::table& root, ExecutorConfig& out) {
  const toml::table* executor = reader.table(root, "executor");
  if (executor == nullptr) {
    return;
  }
  reader.check_keys(*executor, k_executor_keys, "[executor]");
  if (auto kind = reader.choice(*executor, "kind", k_executor_kinds)) {
    out.kind = *kind == 0 ? ExecutorKind::modal : ExecutorKind::local;
  }
  if (auto n = reader.integer(*executor, "max_containers", "100")) {
    if (n->value < 1 || n->value > k_max_containers) {
      reader.out_of_range(*n, "max_containers", "between 1 and 1000",
                          "it caps how many Modal containers run at once");
    } else {
      out.max_containers = static_cast<std::uint32_t>(n->value);
    }
  }
  read_shard_size(reader, *executor, out);
}

}  // namespace

void read_settings(TomlReader& reader, const toml::table& root, Manifest& out) {
  reader.check_keys(root, k_top_keys, "the top-level table");
  read_version(reader, root, out);
  if (auto n = reader.integer(root, "max_delete_total", "500")) {
    if (n->value < 0) {
      reader.out_of_range(*n, "max_delete_total", "0 or more",
                          "it caps the files one plan deletes over all its mirrors");
    } else {
      out.max_delete_total = static_cast<std::uint64_t>(n->value);
    }
  }
  read_hubs(reader, root, out);
  read_executor(reader, root, out.executor);
}

}  // namespace hf2ms::manifest
