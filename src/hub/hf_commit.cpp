// HfClient: the commit chain (real-hub-limits.md HF §2, §3; protocols/huggingface-hub.md §8.3).
#include "hub/backoff.hpp"
#include "hub/hf_client.hpp"
#include "hub/hf_requests.hpp"

#include <chrono>

namespace hf2ms::hub {

Result<BranchHead> HfClient::branch_head(const RepoKey& key, std::string_view branch) {
  auto response = call(hf_branch_head_request(site_, key, branch));
  if (!response) {
    return unexpected(response.error());
  }
  auto head = parse_hf_commit_list(response->body);
  if (!head) {
    return unexpected(head.error());
  }
  if (!*head) {
    return unexpected(
        make_error(ErrorKind::not_found,
                   "the Hub lists no commit on " + std::string(branch) + " of " + to_string(key)));
  }
  return std::move(**head);
}

Result<std::string> HfClient::commit_once(const RepoKey& key, const CommitSpec& batch) {
  auto response = call(hf_commit_request(site_, key, batch));
  if (!response) {
    return unexpected(response.error());
  }
  return parse_hf_commit(response->body);
}

Result<CommitResult> HfClient::commit(const RepoKey& key, const CommitSpec& spec) {
  if (spec.adds.empty() && spec.deletes.empty()) {
    return CommitResult{};
  }
  http::Sleeper& sleeper = options_.sleeper ? *options_.sleeper : http::system_sleeper();
  const http::Clock& clock = options_.clock ? *options_.clock : http::system_clock();
  const std::vector<CommitOp> ops = commit_order(spec);
  const std::span<const CommitOp> all(ops);
  AdaptiveBatchSize size(options_.batch);
  CommitResult result;
  std::optional<std::string> parent = spec.parent_commit;
  std::chrono::milliseconds waited{0};
  int refused = 0;  // 429s for the current batch
  int unknown = 0;  // unknown outcomes in a row
  std::size_t pos = 0;
  for (std::size_t k = 1; pos < ops.size();) {
    const std::size_t end = batch_end(all, pos, {size.size(), options_.max_inline_bytes});
    CommitSpec batch = batch_spec(spec, all.subspan(pos, end - pos),
                                  batch_message(spec.message, k, pos == 0 && end == ops.size()));
    batch.parent_commit = parent;
    const auto started = clock.now();
    auto oid = commit_once(key, batch);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(clock.now() - started);
    if (!oid && oid.error().kind == ErrorKind::rate_limited) {
      // Refused, not applied (the hourly commit quota or the `api` bucket): wait it out. The
      // hourly quota's reset may be an hour away, so one wait may take the whole budget.
      const auto wait =
          commit_backoff(++refused, oid.error().retry_after_seconds, options_.rate_limit_budget);
      if (waited + wait > options_.rate_limit_budget) {
        Error error = oid.error();
        error.message += "; the Hub's commit quota did not reset within the " +
                         std::to_string(options_.rate_limit_budget.count() / 1000) +
                         " s hf2ms waits";
        return unexpected(with_landed_note(std::move(error), result.commit_oids.size()));
      }
      sleeper.sleep_for(wait);
      waited += wait;
      continue;
    }
    if (!oid && oid.error().kind == ErrorKind::transient) {
      // A 5xx or a timeout: the commit may have landed after all (HF §2). Look before resending.
      auto head = branch_head(key, spec.branch);
      if (!head) {
        Error error = oid.error();
        error.message +=
            "; the commit's outcome is unknown and the branch could not be read "
            "again (" +
            describe(head.error()) + "): plan again before applying";
        return unexpected(with_landed_note(std::move(error), result.commit_oids.size()));
      }
      if (!is_our_commit(*head, parent, batch.message)) {
        if (parent && head->id != *parent) {
          return unexpected(with_landed_note(
              make_error(ErrorKind::conflict,
                         "the branch " + spec.branch + " of " + to_string(key) + " moved to " +
                             head->id + " (\"" + head->title + "\") while hf2ms was committing"),
              result.commit_oids.size()));
        }
        size.on_failure();  // not applied: send again, smaller
        if (++unknown >= options_.unknown_outcome_attempts) {
          return unexpected(with_landed_note(oid.error(), result.commit_oids.size()));
        }
        continue;
      }
      size.on_failure();  // it landed, but too slowly for comfort
      oid = head->id;
    } else if (!oid) {
      return unexpected(with_landed_note(oid.error(), result.commit_oids.size()));
    } else {
      size.on_success(took);
    }
    result.commit_oids.push_back(*oid);
    parent = *oid;
    pos = end;
    ++k;
    refused = 0;
    unknown = 0;
  }
  return result;
}

}  // namespace hf2ms::hub
