// The ModelScope commit history, `GET /api/v1/{models|datasets}/{o}/{n}/commits?Ref=` with
// 1-based PageNumber/PageSize (protocols/modelscope-hub.md §5.4): newest first, `Data.Commit[]`
// with Id, ShortId, Title, Message, author and times, and TotalCount at the top level (A reads
// it there; UNCONFIRMED). An unknown Ref is a 404. hf2ms pins a branch's head from it.
#include "hubsim/ms_commits_route.hpp"

#include "hubsim/ms_envelope.hpp"
#include "hubsim/ms_routes.hpp"

#include <httplib.h>

#include <charconv>

namespace hf2ms::hubsim {
namespace {

std::size_t page_param(const httplib::Request& req, const std::string& key, std::size_t fallback) {
  const std::string text = ms_param(req, key);
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && value > 0 ? value : fallback;
}

void handle_commits(SimContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const MsTarget target = ms_target_from_match(req, 1);
  const auto meta = ms_open_repo(ctx, res, ms_identify(ctx, req), target, MsNeed::read);
  if (!meta) {
    return;
  }
  const std::string ref =
      ms_param(req, "Ref").empty() ? meta->default_branch : ms_param(req, "Ref");
  auto history = ctx.store.history(meta->key, ref);
  if (!history) {
    send_legacy_error(res, 404, "revision not found: " + ref);
    return;
  }
  const std::size_t size = page_param(req, "PageSize", 50);
  const std::size_t page = page_param(req, "PageNumber", 1);
  nlohmann::json commits = nlohmann::json::array();
  for (std::size_t i = (page - 1) * size; i < history->size() && i < page * size; ++i) {
    const Commit& c = *(*history)[i];
    const std::int64_t seconds = c.time_ms / 1000;
    commits.push_back({{"Id", c.oid},
                       {"ShortId", c.oid.substr(0, 8)},
                       {"Title", c.title},
                       {"Message", c.message},
                       {"AuthorName", c.author},
                       {"AuthorEmail", c.author + "@hubsim.local"},
                       {"AuthoredDate", seconds},
                       {"CommitterName", c.author},
                       {"CommitterEmail", c.author + "@hubsim.local"},
                       {"CommittedDate", seconds},
                       {"CreatedAt", seconds}});
  }
  nlohmann::json body = legacy_ok({{"Commit", std::move(commits)}});
  body["TotalCount"] = history->size();
  send_json(res, 200, body);
}

}  // namespace

void register_ms_commits_route(httplib::Server& api, SimContext& ctx) {
  api.Get("/api/v1/(models|datasets)/([^/]+)/([^/]+)/commits",
          [&ctx](const httplib::Request& req, httplib::Response& res) {
            handle_commits(ctx, req, res);
          });
}

}  // namespace hf2ms::hubsim
