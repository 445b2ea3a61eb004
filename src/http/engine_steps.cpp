#include "http/engine_impl.hpp"
#include "http/redact.hpp"
#include "http/redirect.hpp"
#include "util/log.hpp"

#include <algorithm>

namespace hf2ms::http {
namespace {

using std::chrono::milliseconds;

// Retry waits at least this long are announced as warnings (shorter ones at info level).
constexpr milliseconds k_announced_retry_delay{2000};

void log_attempt(const Transfer& t, const Response& r, milliseconds took) {
  if (!log::is_enabled(log::Level::debug)) {
    return;
  }
  const std::string outcome = r.transport == Transport::none ? std::to_string(r.status)
                                                             : std::string(to_string(r.transport)) +
                                                                   " (" + r.transport_message + ")";
  log::debug(to_string(t.request.method), " ", redact_url(t.url), " -> ", outcome, " (",
             took.count(), " ms)");
  for (const auto& [name, value] : r.headers.fields()) {
    log::debug("< ", name, ": ", redact_header(name, value));
  }
}

}  // namespace

void Engine::Impl::on_attempt_done(Transfer& t, CURLcode code) {
  t.running = false;
  --running;
  --running_per_host[t.host];
  Response response = finish(t.attempt, code);
  log_attempt(t, response, until(t.attempt_start, clock.now()));
  settle_quota(t, &response.headers);
  if (follow_redirect(t, response)) {
    return;
  }
  ++t.attempts;
  if (schedule_retry(t, response)) {
    return;
  }
  complete(t.id, std::move(response));
}

bool Engine::Impl::follow_redirect(Transfer& t, Response& response) {
  if (t.request.redirects != Redirects::follow) {
    return false;
  }
  auto step = plan_redirect(t.request.method, t.url, response);
  if (!step) {
    return false;
  }
  if (t.redirects >= options.max_redirects) {
    response.transport = Transport::too_many_redirects;
    response.transport_message = std::to_string(t.redirects) + " redirects followed";
    return false;
  }
  if (!std::holds_alternative<std::monostate>(t.request.body) && !may_follow_with_body(*step)) {
    log::warn("not following ", response.status, " from ", redact_url(t.url), " to ",
              redact_url(step->url), ": a request body is never resent to another origin");
    return false;  // hand the 3xx back: the caller sees a failed answer
  }
  auto* producer = std::get_if<BodyProducer>(&t.request.body);
  if (step->keeps_body && producer != nullptr && t.attempt.sent > 0 &&
      (!producer->rewind || !producer->rewind())) {
    return false;  // cannot resend the stream: hand the 3xx back
  }
  if (!step->keeps_body) {
    t.request.body = std::monostate{};
  }
  t.request.method = step->method;
  t.url = step->url;
  t.host = host_key(t.url);
  t.bucket = bucket_key(t.url);
  ++t.redirects;
  requeue(t, clock.now());
  return true;
}

bool Engine::Impl::schedule_retry(Transfer& t, const Response& response) {
  auto* producer = std::get_if<BodyProducer>(&t.request.body);
  const bool stream_sent = producer != nullptr && t.attempt.sent > 0;
  AttemptOutcome outcome;
  outcome.attempt = t.attempts;
  outcome.idempotency = t.request.idempotency;
  outcome.transport = response.transport;
  outcome.status = response.status;
  outcome.headers = &response.headers;
  outcome.elapsed = until(t.first_start, clock.now());
  outcome.wall_now = clock.wall_now();
  outcome.replayable = response.bytes_received == 0 && (!stream_sent || producer->rewind);
  const RetryDecision decision = decide_retry(options.retry, outcome, random);
  if (decision.verdict != Verdict::retry) {
    if (decision.verdict == Verdict::give_up) {
      log::debug("not retrying ", redact_url(t.url), ": ", decision.reason);
    }
    return false;
  }
  if (stream_sent && !producer->rewind()) {
    return false;
  }
  // A long wait is said at the default level, so seconds never pass without a word.
  if (decision.delay >= k_announced_retry_delay) {
    log::warn("waiting ", (decision.delay.count() + 999) / 1000, " s before retrying ",
              to_string(t.request.method), " ", redact_url(t.url), " (", decision.reason, ")");
  } else {
    log::info("retrying ", to_string(t.request.method), " ", redact_url(t.url), " in ",
              decision.delay.count(), " ms: ", decision.reason);
  }
  requeue(t, clock.now() + decision.delay);
  return true;
}

void Engine::Impl::requeue(Transfer& t, TimePoint not_before) {
  t.not_before = not_before;
  waiting.push_back(t.id);
}

}  // namespace hf2ms::http
