#include "manifest/manifest.hpp"

namespace hf2ms::manifest {

std::string RepoRef::to_string() const { return manifest::to_string(hub) + ":" + repo_id(); }

std::string to_string(Hub hub) { return hub == Hub::hf ? "hf" : "ms"; }

std::string to_string(RepoType type) {
  switch (type) {
    case RepoType::model:
      return "model";
    case RepoType::dataset:
      return "dataset";
    case RepoType::space:
      return "space";
  }
  return "model";
}

std::string to_string(Visibility v) {
  switch (v) {
    case Visibility::preserve:
      return "preserve";
    case Visibility::public_:
      return "public";
    case Visibility::private_:
      return "private";
  }
  return "preserve";
}

std::string to_string(ExecutorKind kind) { return kind == ExecutorKind::modal ? "modal" : "local"; }

}  // namespace hf2ms::manifest
