#include "applier/apply_report.hpp"

#include <algorithm>

namespace hf2ms::applier {

bool ApplyReport::ok() const {
  return outcome == ApplyOutcome::completed && count(MirrorStatus::failed) == 0;
}

std::size_t ApplyReport::count(MirrorStatus status) const {
  return static_cast<std::size_t>(
      std::count_if(mirrors.begin(), mirrors.end(),
                    [status](const MirrorResult& m) { return m.status == status; }));
}

std::uint64_t ApplyReport::files_copied() const {
  std::uint64_t n = 0;
  for (const MirrorResult& m : mirrors) {
    n += m.files_copied;
  }
  return n;
}

std::uint64_t ApplyReport::bytes_copied() const {
  std::uint64_t n = 0;
  for (const MirrorResult& m : mirrors) {
    n += m.bytes_copied;
  }
  return n;
}

std::uint64_t ApplyReport::files_deleted() const {
  std::uint64_t n = 0;
  for (const MirrorResult& m : mirrors) {
    n += m.files_deleted;
  }
  return n;
}

std::string_view to_string(MirrorStatus status) {
  switch (status) {
    case MirrorStatus::applied:
      return "applied";
    case MirrorStatus::failed:
      return "failed";
    case MirrorStatus::unchanged:
      return "unchanged";
    case MirrorStatus::skipped:
      return "skipped";
  }
  return "failed";
}

std::string_view to_string(ApplyOutcome outcome) {
  switch (outcome) {
    case ApplyOutcome::completed:
      return "completed";
    case ApplyOutcome::stale:
      return "stale";
    case ApplyOutcome::unchecked:
      return "unchecked";
    case ApplyOutcome::cancelled:
      return "cancelled";
  }
  return "completed";
}

}  // namespace hf2ms::applier
