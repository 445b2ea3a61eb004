// The ModelScope commit route, `POST /api/v1/repos/{t}s/{o}/{n}/commit/{branch}`
// (protocols/modelscope-hub.md §8.3): the body is JSON whatever the Content-Type; `create`
// is an upsert (inline base64 for normal files, an already stored blob for LFS ones);
// deleting a missing path fails the whole commit; over 2000 actions is 422; the configurable
// commit-frequency limit answers 429 with Retry-After and the body cap 413 (ms_limits.hpp);
// success carries `Data.oid`.
#include "hashing/hashing.hpp"
#include "hubsim/ms_envelope.hpp"
#include "hubsim/ms_rate_limit.hpp"
#include "hubsim/ms_requests.hpp"
#include "hubsim/ms_routes.hpp"
#include "hubsim/ms_store_view.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <memory>

namespace hf2ms::hubsim {
namespace {

constexpr std::string_view k_not_a_branch =
    "You can only create or edit files when you are on a branch";
constexpr std::string_view k_policy_rejected = "commit rejected by repository policy";

void send_problem(httplib::Response& res, const MsRequestProblem& problem) {
  send_legacy_error(res, problem.http_status, problem.message, problem.code);
}

// The blob behind a create: an LFS action names a blob this repo must already hold with the
// same size (uploaded to it; held per repo as the batch answers, ms_upload_routes.cpp); a
// normal action's inline content is stored now.
MsParsed<BlobInfo> blob_for(SimContext& ctx, const RepoKey& repo, const MsCommitAction& action) {
  if (action.type == MsFileType::lfs) {
    const auto stored = ctx.store.repo_holds(repo, action.sha256)
                            ? ctx.store.find_blob(action.sha256)
                            : std::nullopt;
    if (!stored || stored->size != action.size) {
      return unexpected(MsRequestProblem{400, "lfs object not uploaded: " + action.path, 0});
    }
    return *stored;
  }
  auto blob = ctx.store.put_blob(action.content);
  if (!blob) {
    return unexpected(MsRequestProblem{500, blob.error().message, 0});
  }
  return *blob;
}

// Turns one parsed action into a store operation.
MsParsed<FileOp> to_file_op(SimContext& ctx, const RepoKey& repo, const MsCommitAction& action) {
  FileOp op;
  op.path = action.path;
  if (action.kind == MsActionKind::remove) {
    op.kind = FileOp::Kind::remove;
    return op;
  }
  const auto blob = blob_for(ctx, repo, action);
  if (!blob) {
    return unexpected(blob.error());
  }
  auto entry =
      ctx.store.make_entry(*blob, action.type == MsFileType::lfs ? Storage::lfs : Storage::regular);
  if (!entry) {
    return unexpected(MsRequestProblem{500, entry.error().message, 0});
  }
  op.entry = std::move(*entry);
  return op;
}

MsRequestProblem problem_from_store(const Error& error) {
  switch (error.kind) {
    case ErrorKind::not_found:  // a delete of a path that does not exist (3rd-party, §8.4)
      return MsRequestProblem{400, std::string(k_policy_rejected), k_ms_code_policy_rejected};
    case ErrorKind::conflict:
      return MsRequestProblem{409, "branch changed, please retry", 0};
    case ErrorKind::invalid_input:
      return MsRequestProblem{400, "invalid commit action: " + error.message, 0};
    default:
      return MsRequestProblem{500, error.message, 0};
  }
}

std::chrono::milliseconds steady_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now().time_since_epoch());
}

// Builds the store request; nullopt after writing the error.
std::optional<CommitRequest> build_request(SimContext& ctx, httplib::Response& res,
                                           const RepoKey& repo, const MsCommitRequest& parsed,
                                           const std::string& branch, const Identity& who) {
  CommitRequest request;
  request.branch = branch;
  request.message = parsed.message;
  request.title = parsed.message.substr(0, parsed.message.find('\n'));
  request.author = who.user.name;
  for (const auto& action : parsed.actions) {
    auto op = to_file_op(ctx, repo, action);
    if (!op) {
      send_problem(res, op.error());
      return std::nullopt;
    }
    request.ops.push_back(std::move(*op));
  }
  return request;
}

// The commit body cap (MsLimits::max_commit_body_bytes). UNCONFIRMED: the hub's own cap and
// answer are not published; 413 is a status the SDK maps (InvalidParameter, C), and the text
// follows the recorded 422 of the action ceiling.
bool check_body_size(SimContext& ctx, httplib::Response& res, std::size_t size) {
  const std::uint64_t cap =
      effective_ms_limits(ctx.options.ms_limits, ctx.options.lenient).max_commit_body_bytes;
  if (cap == 0 || size <= cap) {
    return true;
  }
  send_legacy_error(res, 413,
                    "commit request body too large: " + std::to_string(size) + " > " +
                        std::to_string(cap) + " bytes; split the commit into smaller batches");
  return false;
}

// MsTokenDeletes::refuse_all: a commit with a `delete` action is refused for an API token as
// the single-file deletes are, before anything of it is applied. UNCONFIRMED: the live hub's
// sync path accepts commit deletes from tokens (real-hub-limits.md ModelScope §3).
bool may_commit_deletes(const SimContext& ctx, httplib::Response& res,
                        const MsCommitRequest& parsed, const Identity& who) {
  const MsLimits limits = effective_ms_limits(ctx.options.ms_limits, ctx.options.lenient);
  const bool deletes =
      std::any_of(parsed.actions.begin(), parsed.actions.end(),
                  [](const MsCommitAction& a) { return a.kind == MsActionKind::remove; });
  return limits.token_deletes != MsTokenDeletes::refuse_all || !deletes ||
         ms_may_delete(ctx, res, who);
}

void handle_commit(SimContext& ctx, MsCommitLimiter& limiter, const httplib::Request& req,
                   httplib::Response& res) {
  const MsTarget target = ms_target_from_match(req, 1);
  const auto who = ms_identify(ctx, req);
  const auto meta = ms_open_repo(ctx, res, who, target, MsNeed::write);
  if (!meta || !ms_check_branch(res, *meta, req.matches[4].str()) ||
      !check_body_size(ctx, res, req.body.size())) {
    return;
  }
  const auto parsed = parse_commit_request(req.body);  // JSON even without Content-Type
  if (!parsed) {
    send_problem(res, parsed.error());
    return;
  }
  if (parsed->actions.empty()) {
    // The SDKs never send this (they skip locally); answer the current head, no new commit.
    const auto head = ctx.store.resolve(meta->key, req.matches[4].str());
    send_legacy_ok(res, nlohmann::json{{"oid", head ? (*head)->oid : ""}});
    return;
  }
  if (!may_commit_deletes(ctx, res, *parsed, *who) ||
      !ms_admit_commit(limiter, res, meta->key.id)) {
    return;
  }
  const auto request = build_request(ctx, res, meta->key, *parsed, req.matches[4].str(), *who);
  if (!request) {
    return;
  }
  const auto commit = ctx.store.commit(meta->key, *request);
  if (!commit) {
    send_problem(res, problem_from_store(commit.error()));
    return;
  }
  // UNCONFIRMED (protocols/modelscope-hub.md §8.3): A reads Data.oid; other fields unknown.
  send_legacy_ok(res, nlohmann::json{{"oid", (*commit)->oid}, {"Revision", req.matches[4].str()}});
}

}  // namespace

// The hub commits only to branch names: a tag or a commit id gets the GitLab-style refusal
// (issue #1470, lower-case `message`; 3rd-party: any 40-hex commit id), which the simulator
// also wraps in the envelope. Not a limit: the store can only commit to a branch.
bool ms_check_branch(httplib::Response& res, const RepoMeta& meta, const std::string& revision) {
  if (meta.branches.count(revision) != 0) {
    return true;
  }
  if (meta.tags.count(revision) != 0 || hashing::is_lower_hex(revision, 40)) {
    auto body = legacy_error(400, k_not_a_branch);
    body["message"] = k_not_a_branch;
    send_json(res, 400, body);
    return false;
  }
  send_legacy_error(res, 404, "branch not found: " + revision);
  return false;
}

bool ms_admit_commit(MsCommitLimiter& limiter, httplib::Response& res, const std::string& repo) {
  const auto wait = limiter.admit(repo, steady_now());
  if (!wait) {
    return true;
  }
  // The server's text (issue #1793); "E1021" is the SDK's own label for any 429. Code:
  // UNCONFIRMED (the HTTP status, as for every plain error here).
  res.set_header("Retry-After", std::to_string(*wait));
  send_legacy_error(res, 429, "Commit frequency limit exceeded");
  return false;
}

void register_ms_commit_route(httplib::Server& api, SimContext& ctx,
                              std::shared_ptr<MsCommitLimiter> limiter) {
  api.Post("/api/v1/repos/(models|datasets)/([^/]+)/([^/]+)/commit/(.+)",
           [&ctx, limiter](const httplib::Request& req, httplib::Response& res) {
             handle_commit(ctx, *limiter, req, res);
           });
}

}  // namespace hf2ms::hubsim
