// Read routes of the ModelScope side: repo info (legacy and OpenAPI), revisions, the model
// `repo/files` listing (unpaged, silently truncated) and the paged dataset `repo/tree`.
#include "hubsim/ms_envelope.hpp"
#include "hubsim/ms_json.hpp"
#include "hubsim/ms_routes.hpp"
#include "hubsim/ms_store_view.hpp"

#include <httplib.h>

#include <algorithm>
#include <charconv>

namespace hf2ms::hubsim {
namespace {

constexpr std::size_t k_tree_default_page_size = 100;

std::size_t positive_param(const httplib::Request& req, const std::string& key,
                           std::size_t fallback) {
  const std::string text = ms_param(req, key);
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && value > 0 ? value : fallback;
}

CommitPtr head_of(const SimContext& ctx, const RepoMeta& meta) {
  auto head = ctx.store.resolve(meta.key, meta.default_branch);
  return head ? *head : nullptr;
}

void handle_info(SimContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const MsTarget target = ms_target_from_match(req, 1);
  const auto meta = ms_open_repo(ctx, res, ms_identify(ctx, req), target, MsNeed::read);
  if (meta) {
    send_legacy_ok(res, legacy_info_json(ms_repo_view(ctx.store, *meta, head_of(ctx, *meta))));
  }
}

void handle_openapi_info(SimContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const MsTarget target = ms_target_from_match(req, 1);
  const auto who = ms_identify(ctx, req);
  const auto meta = ctx.store.find_repo(target.key());
  if (!meta || !can_read(who, *meta)) {
    const std::string what = target.kind == MsRepoKind::model ? "model " : "dataset ";
    send_openapi_error(res, 404, "Resource not found: " + what + target.id());
    return;
  }
  send_json(res, 200,
            openapi_ok(openapi_info_json(ms_repo_view(ctx.store, *meta, head_of(ctx, *meta)))));
}

void handle_revisions(SimContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const MsTarget target = ms_target_from_match(req, 1);
  const auto meta = ms_open_repo(ctx, res, ms_identify(ctx, req), target, MsNeed::read);
  if (!meta) {
    return;
  }
  auto tags = ms_tag_refs(ctx.store, *meta);
  // UNCONFIRMED (protocols/modelscope-hub.md §5.3): EndTime read as "tags created up to then".
  const std::string end_time = ms_param(req, "EndTime");
  std::int64_t end = 0;
  if (std::from_chars(end_time.data(), end_time.data() + end_time.size(), end).ec == std::errc()) {
    std::erase_if(tags, [end](const MsRefView& tag) { return tag.created_at > end; });
  }
  send_legacy_ok(res, revisions_json(ms_branch_refs(*meta), std::move(tags)));
}

nlohmann::json files_json(const std::vector<MsEntryView>& entries, bool with_commit_id) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& entry : entries) {
    files.push_back(entry_json(entry, with_commit_id));
  }
  return files;
}

// Entries [begin, begin + count) of the listing a request asks for: `target` opened for
// reading at `Revision`, under `Root`, recursively when `Recursive` says so. nullopt when an
// error answer was already sent.
std::optional<MsListing> list_for_request(SimContext& ctx, const httplib::Request& req,
                                          httplib::Response& res, const MsTarget& target,
                                          std::size_t begin, std::size_t count) {
  const auto meta = ms_open_repo(ctx, res, ms_identify(ctx, req), target, MsNeed::read);
  if (!meta) {
    return std::nullopt;
  }
  const auto head = ms_resolve(ctx, res, *meta, ms_param(req, "Revision"));
  if (!head) {
    return std::nullopt;
  }
  const Depth depth =
      is_true_param(ms_param(req, "Recursive")) ? Depth::recursive : Depth::one_level;
  return ms_list_entries(ctx.store, meta->key, *head, ms_param(req, "Root"), depth, begin, count);
}

void handle_model_files(SimContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const MsTarget target{MsRepoKind::model, req.matches[1].str(), req.matches[2].str()};
  // The hub silently stops at 3000 entries: HTTP 200, Success, no marker, paging ignored
  // (protocols/modelscope-hub.md §5.1).
  const auto listed = list_for_request(ctx, req, res, target, 0, ctx.options.ms_repo_files_limit);
  if (!listed) {
    return;
  }
  send_legacy_ok(res, nlohmann::json{{"Files", files_json(listed->entries, false)}});
}

// The dataset a tree route names: by numeric id (A) or by owner/name (B/C), §5.2.
std::optional<MsTarget> dataset_target(SimContext& ctx, const httplib::Request& req) {
  if (req.matches.size() == 3) {
    return MsTarget{MsRepoKind::dataset, req.matches[1].str(), req.matches[2].str()};
  }
  const std::string id_text = req.matches[1].str();
  std::int64_t id = 0;
  std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  const auto meta = find_ms_dataset_by_id(ctx.store, id);
  if (!meta) {
    return std::nullopt;
  }
  const auto slash = meta->key.id.find('/');
  return MsTarget{MsRepoKind::dataset, meta->key.id.substr(0, slash),
                  meta->key.id.substr(slash + 1)};
}

void handle_dataset_tree(SimContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto target = dataset_target(ctx, req);
  if (!target) {
    send_legacy_error(res, 404, ms_missing_message(MsRepoKind::dataset));
    return;
  }
  const std::size_t size = positive_param(req, "PageSize", k_tree_default_page_size);
  const std::size_t page = positive_param(req, "PageNumber", 1);
  const std::size_t begin = (page - 1) * size;
  const auto listed = list_for_request(ctx, req, res, *target, begin, size);
  if (!listed) {
    return;
  }
  // Clients stop on a short page; Total/TotalCount in Data is UNCONFIRMED (§5.2), so absent.
  send_legacy_ok(res, nlohmann::json{{"Files", files_json(listed->entries, true)}});
}

}  // namespace

MsTarget ms_target_from_match(const httplib::Request& req, std::size_t kind_group) {
  const auto kind = kind_from_plural(req.matches[kind_group].str());
  return MsTarget{kind.value_or(MsRepoKind::model), req.matches[kind_group + 1].str(),
                  req.matches[kind_group + 2].str()};
}

void register_ms_read_routes(httplib::Server& api, SimContext& ctx) {
  const std::string repo = "(models|datasets)/([^/]+)/([^/]+)";
  api.Get("/api/v1/" + repo, [&ctx](const httplib::Request& req, httplib::Response& res) {
    handle_info(ctx, req, res);
  });
  api.Get("/openapi/v1/" + repo, [&ctx](const httplib::Request& req, httplib::Response& res) {
    handle_openapi_info(ctx, req, res);
  });
  api.Get("/api/v1/" + repo + "/revisions",
          [&ctx](const httplib::Request& req, httplib::Response& res) {
            handle_revisions(ctx, req, res);
          });
  api.Get("/api/v1/models/([^/]+)/([^/]+)/repo/files",
          [&ctx](const httplib::Request& req, httplib::Response& res) {
            handle_model_files(ctx, req, res);
          });
  const auto tree = [&ctx](const httplib::Request& req, httplib::Response& res) {
    handle_dataset_tree(ctx, req, res);
  };
  api.Get("/api/v1/datasets/([0-9]+)/repo/tree", tree);
  api.Get("/api/v1/datasets/([^/]+)/([^/]+)/repo/tree", tree);
}

}  // namespace hf2ms::hubsim
