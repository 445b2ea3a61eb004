#include "hub/repo_path.hpp"

#include "manifest/repo_path.hpp"

namespace hf2ms::hub {

bool is_safe_repo_path(std::string_view path) { return manifest::is_safe_repo_path(path); }

}  // namespace hf2ms::hub
