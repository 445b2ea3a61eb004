#include "plan/plan.hpp"

namespace hf2ms::plan {

namespace {

void count_mirror(const MirrorPlan& m, Totals& t) {
  switch (m.action) {
    case MirrorAction::create:
      ++t.mirrors_to_create;
      break;
    case MirrorAction::update:
      ++t.mirrors_to_update;
      break;
    case MirrorAction::keep:
      ++t.mirrors_unchanged;
      break;
    case MirrorAction::skip:
      ++t.mirrors_skipped;
      break;
    case MirrorAction::error:
      ++t.mirrors_failed;
      break;
  }
}

void count_step(const Step& s, Totals& t) {
  switch (s.action) {
    case Action::create:
    case Action::update:
      ++t.files_to_copy;
      t.bytes_to_copy += s.size;
      break;
    case Action::remove:
      ++t.files_to_delete;
      break;
    case Action::keep:
      ++t.files_unchanged;
      break;
  }
}

}  // namespace

Totals compute_totals(const std::vector<MirrorPlan>& mirrors) {
  Totals t;
  for (const auto& m : mirrors) {
    count_mirror(m, t);
    if (m.action != MirrorAction::create && m.action != MirrorAction::update &&
        m.action != MirrorAction::keep) {
      continue;  // steps of skipped or failed mirrors are not applied
    }
    for (const auto& s : m.steps) {
      count_step(s, t);
    }
  }
  return t;
}

bool has_changes(const Plan& plan) {
  for (const auto& m : plan.mirrors) {
    if (m.action == MirrorAction::create || m.action == MirrorAction::update) {
      return true;
    }
  }
  return false;
}

std::string_view to_string(Action action) {
  switch (action) {
    case Action::create:
      return "create";
    case Action::update:
      return "update";
    case Action::remove:
      return "remove";
    case Action::keep:
      return "keep";
  }
  return "keep";
}

std::string_view to_string(Transport transport) {
  switch (transport) {
    case Transport::stream:
      return "stream";
    case Transport::lfs:
      return "lfs";
    case Transport::embedded:
      return "embedded";
  }
  return "stream";
}

std::string_view to_string(MirrorAction action) {
  switch (action) {
    case MirrorAction::create:
      return "create";
    case MirrorAction::update:
      return "update";
    case MirrorAction::keep:
      return "keep";
    case MirrorAction::skip:
      return "skip";
    case MirrorAction::error:
      return "error";
  }
  return "error";
}

std::string_view to_string(RefKind kind) { return kind == RefKind::branch ? "branch" : "tag"; }

std::string_view to_string(RefOp op) {
  switch (op) {
    case RefOp::keep:
      return "keep";
    case RefOp::create:
      return "create";
    case RefOp::replace:
      return "replace";
    case RefOp::update:
      return "update";
    case RefOp::restore:
      return "restore";
  }
  return "keep";
}

char symbol(Action action) {
  switch (action) {
    case Action::create:
      return '+';
    case Action::update:
      return '~';
    case Action::remove:
      return '-';
    case Action::keep:
      return '=';
  }
  return '=';
}

char symbol(MirrorAction action) {
  switch (action) {
    case MirrorAction::create:
      return '+';
    case MirrorAction::update:
      return '~';
    case MirrorAction::keep:
      return '=';
    case MirrorAction::skip:
      return '!';
    case MirrorAction::error:
      return 'x';
  }
  return 'x';
}

}  // namespace hf2ms::plan
