// Namespace listings of the ModelScope side, for `*` mirrors: A's `PUT /api/v1/models/`
// (JSON body with Path/PageNumber/PageSize → Data{Models, TotalCount}), the legacy dataset
// list `GET /api/v1/datasets?owner=` (Data list + top-level TotalCount/PageNumber/PageSize),
// and B's OpenAPI `GET /openapi/v1/{models|datasets}?owner=` (§5.5). Only repos the caller can
// see are listed.
#include "hubsim/ms_envelope.hpp"
#include "hubsim/ms_json.hpp"
#include "hubsim/ms_routes.hpp"
#include "hubsim/ms_store_view.hpp"

#include <httplib.h>

#include <algorithm>
#include <charconv>

namespace hf2ms::hubsim {
namespace {

struct Page {
  std::size_t number = 1;
  std::size_t size = 10;
};

std::size_t to_size(const std::string& text, std::size_t fallback) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && value > 0 ? value : fallback;
}

std::vector<RepoMeta> visible_repos(SimContext& ctx, const httplib::Request& req, MsRepoKind kind,
                                    const std::string& owner) {
  const auto who = ms_identify(ctx, req);
  auto repos = ctx.store.list_repos(
      Hub::ms, kind == MsRepoKind::model ? RepoType::model : RepoType::dataset, owner);
  std::erase_if(repos, [&](const RepoMeta& meta) { return !can_read(who, meta); });
  return repos;
}

template <class ToJson>
nlohmann::json page_of(SimContext& ctx, const std::vector<RepoMeta>& repos, Page page,
                       ToJson to_json) {
  nlohmann::json items = nlohmann::json::array();
  const std::size_t begin = std::min(repos.size(), (page.number - 1) * page.size);
  for (std::size_t i = begin; i < repos.size() && i < begin + page.size; ++i) {
    const auto head = ctx.store.resolve(repos[i].key, repos[i].default_branch);
    items.push_back(to_json(ms_repo_view(ctx.store, repos[i], head ? *head : nullptr)));
  }
  return items;
}

void handle_legacy_models(SimContext& ctx, const httplib::Request& req, httplib::Response& res) {
  // A sends a raw JSON string body without Content-Type.
  const auto body = parse_json_body(req.body);
  if (!body || !body->is_object()) {
    send_legacy_error(res, 400, "invalid request body");
    return;
  }
  const Page page{static_cast<std::size_t>(
                      std::max<std::int64_t>(1, json_int(*body, "PageNumber").value_or(1))),
                  static_cast<std::size_t>(
                      std::max<std::int64_t>(1, json_int(*body, "PageSize").value_or(10)))};
  const auto repos =
      visible_repos(ctx, req, MsRepoKind::model, json_string(*body, "Path").value_or(""));
  send_legacy_ok(res, nlohmann::json{{"Models", page_of(ctx, repos, page, legacy_info_json)},
                                     {"TotalCount", repos.size()}});
}

void handle_legacy_datasets(SimContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const Page page{to_size(ms_param(req, "PageNumber"), 1), to_size(ms_param(req, "PageSize"), 50)};
  const auto repos = visible_repos(ctx, req, MsRepoKind::dataset, ms_param(req, "owner"));
  const std::size_t from = (page.number - 1) * page.size;
  if (from > repos.size()) {
    // The hub leaks a Java sublist error when paging past the end (§5.5).
    send_legacy_error(
        res, 400,
        "fromIndex(" + std::to_string(from) + ") > toIndex(" + std::to_string(repos.size()) + ")");
    return;
  }
  auto body = legacy_ok(page_of(ctx, repos, page, legacy_info_json));
  body["TotalCount"] = repos.size();
  body["PageNumber"] = page.number;
  body["PageSize"] = page.size;
  send_json(res, 200, body);
}

void handle_openapi_list(SimContext& ctx, const httplib::Request& req, httplib::Response& res,
                         MsRepoKind kind) {
  const Page page{to_size(ms_param(req, "page_number"), 1),
                  to_size(ms_param(req, "page_size"), 10)};
  if (page.size > 50 || page.number * page.size > 3000) {
    send_openapi_error(res, 400,
                       "Input parameter 'page_size' is invalid: page_number * page_size must be <= "
                       "3000 and page_size <= 50");
    return;
  }
  const auto repos = visible_repos(ctx, req, kind, ms_param(req, "owner"));
  send_json(res, 200,
            openapi_ok(nlohmann::json{
                {std::string(plural(kind)), page_of(ctx, repos, page, openapi_info_json)},
                {"total_count", repos.size()},
                {"page_number", page.number},
                {"page_size", page.size}}));
}

}  // namespace

void register_ms_list_routes(httplib::Server& api, SimContext& ctx) {
  api.Put("/api/v1/models/?", [&ctx](const httplib::Request& req, httplib::Response& res) {
    handle_legacy_models(ctx, req, res);
  });
  api.Get("/api/v1/datasets", [&ctx](const httplib::Request& req, httplib::Response& res) {
    handle_legacy_datasets(ctx, req, res);
  });
  api.Get("/openapi/v1/models", [&ctx](const httplib::Request& req, httplib::Response& res) {
    handle_openapi_list(ctx, req, res, MsRepoKind::model);
  });
  api.Get("/openapi/v1/datasets", [&ctx](const httplib::Request& req, httplib::Response& res) {
    handle_openapi_list(ctx, req, res, MsRepoKind::dataset);
  });
}

}  // namespace hf2ms::hubsim
