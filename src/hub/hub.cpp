// The defaults of HubReader's and HubWriter's ref calls: a client without them says so.
#include "hub/hub.hpp"

namespace hf2ms::hub {
namespace {

Error no_refs(std::string_view what) {
  return make_error(ErrorKind::invalid_input, "this hub client cannot " + std::string(what));
}

}  // namespace

Result<RefList> HubReader::list_refs(const RepoKey& /*key*/) {
  return unexpected(no_refs("list branches and tags"));
}

Result<void> HubWriter::create_branch(const RepoKey& /*key*/, std::string_view /*name*/,
                                      std::string_view /*start_point*/) {
  return unexpected(no_refs("create branches"));
}

Result<void> HubWriter::create_tag(const RepoKey& /*key*/, std::string_view /*name*/,
                                   const TagPoint& /*at*/) {
  return unexpected(no_refs("create tags"));
}

Result<void> HubWriter::delete_tag(const RepoKey& /*key*/, std::string_view /*name*/) {
  return unexpected(no_refs("delete tags"));
}

}  // namespace hf2ms::hub
