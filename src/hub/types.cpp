#include "hub/types.hpp"

namespace hf2ms::hub {

std::string to_string(const RepoKey& key) {
  return manifest::to_string(key.hub) + ":" + manifest::to_string(key.type) + ":" + key.id;
}

}  // namespace hf2ms::hub
