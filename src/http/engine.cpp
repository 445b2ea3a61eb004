#include "http/engine.hpp"

#include "http/engine_impl.hpp"
#include "http/error_map.hpp"
#include "http/redact.hpp"

#include <algorithm>
#include <optional>

namespace hf2ms::http {

using std::chrono::milliseconds;

std::string host_key(const std::string& url) {
  auto origin = parse_origin(url);
  return origin ? to_string(*origin) : url;
}

std::string bucket_key(const std::string& url) {
  auto parsed = parse_url(url);
  return bucket_of_path(parsed ? parsed->path : url);
}

milliseconds until(TimePoint from, TimePoint to) {
  return std::max(milliseconds(0), std::chrono::ceil<milliseconds>(to - from));
}

bool Engine::Impl::is_startable(const Transfer& t, TimePoint now) const {
  if (ready_time(t) > now) {
    return false;
  }
  const auto it = running_per_host.find(t.host);
  return it == running_per_host.end() || it->second < options.max_per_host;
}

TimePoint Engine::Impl::ready_time(const Transfer& t) const {
  return std::max(t.not_before, t.quota_not_before);
}

// Asks the rate-limit book for a slot in the transfer's bucket; a refusal says when to ask
// again, which ready_time() then waits for.
bool Engine::Impl::admit(Transfer& t, TimePoint now) {
  const RateLimitBook::Admission a = book.admit(t.host, t.bucket, now);
  if (!a.admitted) {
    t.quota_not_before = a.retry_at;
  }
  return a.admitted;
}

void Engine::Impl::settle_quota(const Transfer& t, const Headers* answer) {
  book.settle(t.host, t.bucket, answer, clock.now());
}

// Starts waiting transfers in FIFO order, within the caps. Looks the queue up afresh after
// each start, because a start that fails completes at once and its callback may submit more.
void Engine::Impl::start_ready() {
  while (running < options.max_total) {
    const TimePoint now = clock.now();
    // admit() reserves a quota slot, so it is asked only of a transfer that may start.
    const auto it = std::find_if(waiting.begin(), waiting.end(), [&](TransferId id) {
      Transfer& t = *transfers.at(id);
      return is_startable(t, now) && admit(t, now);
    });
    if (it == waiting.end()) {
      return;
    }
    Transfer& t = *transfers.at(*it);
    waiting.erase(it);
    start(t);
  }
}

void Engine::Impl::start(Transfer& t) {
  t.attempt = Attempt{};
  t.attempt.request = &t.request;
  t.attempt.owner = t.id;
  t.attempt.url = t.url;
  t.attempt_start = clock.now();
  if (t.attempts == 0 && t.redirects == 0) {
    t.first_start = t.attempt_start;
  }
  auto prepared = prepare(t.attempt, AttemptSettings{options.user_agent});
  CURLMcode added = CURLM_OK;
  if (prepared) {
    added = curl_multi_add_handle(multi.get(), t.attempt.easy.get());
  }
  if (!prepared || added != CURLM_OK) {
    settle_quota(t, nullptr);
    Response failed;
    failed.transport = Transport::other;
    failed.transport_message =
        prepared ? curlm_error("curl_multi_add_handle", added).message : prepared.error().message;
    failed.url = t.url;
    complete(t.id, std::move(failed));
    return;
  }
  t.running = true;
  ++running;
  ++running_per_host[t.host];
}

void Engine::Impl::apply_resumes() {
  std::vector<TransferId> ids;
  {
    const std::lock_guard lock(resume_mutex);
    ids.swap(resume_requests);
  }
  for (const TransferId id : ids) {
    const auto it = transfers.find(id);
    if (it != transfers.end() && it->second->running) {
      it->second->attempt.resume_pending = true;
    }
  }
  unpause_ready();
}

void Engine::Impl::unpause_ready() {
  for (auto& [id, t] : transfers) {
    Attempt& a = t->attempt;
    if (t->running && a.paused && a.resume_pending) {
      a.paused = false;
      a.resume_pending = false;
      // May call the write/read callback right away; it can pause again.
      if (curl_easy_pause(a.easy.get(), CURLPAUSE_CONT) != CURLE_OK) {
        a.aborted = true;
        a.abort_reason = "curl_easy_pause failed";
      }
    }
  }
}

milliseconds Engine::Impl::poll_timeout(milliseconds max_wait) const {
  milliseconds wait = max_wait;
  const TimePoint now = clock.now();
  // Wake for the next retry or rate-limit release; transfers held only by a cap start when
  // a running one finishes, which the poll sees anyway.
  for (const TransferId id : waiting) {
    const TimePoint ready = ready_time(*transfers.at(id));
    if (ready > now) {
      wait = std::min(wait, until(now, ready));
    }
  }
  return wait;
}

Result<void> Engine::Impl::pump(milliseconds max_wait) {
  int still_running = 0;
  CURLMcode code = curl_multi_perform(multi.get(), &still_running);
  // Only poll when nothing finished already: a transfer that completed inside the perform
  // above leaves no socket to wake the poll, which would then sit out its whole timeout.
  if (code == CURLM_OK && static_cast<std::size_t>(still_running) >= running) {
    code = curl_multi_poll(multi.get(), nullptr, 0,
                           static_cast<int>(poll_timeout(max_wait).count()), nullptr);
    if (code == CURLM_OK) {
      code = curl_multi_perform(multi.get(), &still_running);
    }
  }
  if (code != CURLM_OK) {
    return unexpected(curlm_error("curl_multi_perform", code));
  }
  unpause_ready();
  collect_finished();
  return {};
}

void Engine::Impl::collect_finished() {
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi.get(), &left)) {
    if (msg->msg != CURLMSG_DONE) {
      continue;
    }
    CURL* easy = msg->easy_handle;
    const CURLcode result = msg->data.result;
    void* owner = nullptr;
    (void)curl_easy_getinfo(easy, CURLINFO_PRIVATE, &owner);
    (void)curl_multi_remove_handle(multi.get(), easy);
    const TransferId id = static_cast<Attempt*>(owner)->owner;
    on_attempt_done(*transfers.at(id), result);
  }
}

void Engine::Impl::complete(TransferId id, Response response) {
  auto node = transfers.extract(id);
  Transfer& t = *node.mapped();
  response.attempts = t.attempts;
  if (response.url.empty()) {
    response.url = t.url;
  }
  // The transfer is gone from the table before the callback runs, so it may submit more.
  if (t.done) {
    t.done(std::move(response));
  }
}

Engine::Engine(Passkey /*key*/, std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::create(EngineOptions options) {
  auto multi = make_multi();
  if (!multi) {
    return unexpected(multi.error());
  }
  for (auto r : {set_option(multi->get(), CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX),
                 set_option(multi->get(), CURLMOPT_MAX_HOST_CONNECTIONS,
                            static_cast<long>(options.max_per_host))}) {
    if (!r) {
      return unexpected(r.error());
    }
  }
  auto impl = std::make_unique<Impl>(std::move(options), std::move(*multi));
  return std::make_unique<Engine>(Passkey{}, std::move(impl));
}

Result<TransferId> Engine::submit(Request request, Completion done) {
  if (auto valid = validate(request); !valid) {
    return unexpected(valid.error());
  }
  auto t = std::make_unique<Transfer>();
  t->id = impl_->next_id++;
  t->url = request.url;
  t->host = host_key(t->url);
  t->bucket = bucket_key(t->url);
  t->request = std::move(request);
  t->done = std::move(done);
  t->not_before = impl_->clock.now();
  const TransferId id = t->id;
  impl_->transfers.emplace(id, std::move(t));
  impl_->waiting.push_back(id);
  return id;
}

void Engine::resume(TransferId id) {
  {
    const std::lock_guard lock(impl_->resume_mutex);
    impl_->resume_requests.push_back(id);
  }
  (void)curl_multi_wakeup(impl_->multi.get());
}

Result<void> Engine::run_once(std::chrono::milliseconds max_wait) {
  return step(max_wait, SleepLimit::until_ready);
}

Result<void> Engine::poll_once(std::chrono::milliseconds max_wait) {
  return step(max_wait, SleepLimit::max_wait);
}

Result<void> Engine::step(std::chrono::milliseconds max_wait, SleepLimit sleep) {
  impl_->apply_resumes();
  impl_->start_ready();
  if (impl_->running > 0) {
    return impl_->pump(max_wait);
  }
  if (impl_->waiting.empty()) {
    return {};
  }
  // Nothing in flight: only retries or rate-limited hosts are waiting. Sleep until the first
  // of them may start (through the Sleeper, so tests do not sleep).
  TimePoint first = TimePoint::max();
  for (const TransferId id : impl_->waiting) {
    first = std::min(first, impl_->ready_time(*impl_->transfers.at(id)));
  }
  milliseconds wait = until(impl_->clock.now(), first);
  if (sleep == SleepLimit::max_wait) {
    wait = std::min(wait, max_wait);
  }
  if (wait.count() > 0) {
    impl_->sleeper.sleep_for(wait);
  }
  return {};
}

Result<void> Engine::run() {
  while (!is_idle()) {
    if (auto r = run_once(milliseconds(1000)); !r) {
      return r;
    }
  }
  return {};
}

void Engine::cancel(TransferId id) {
  const auto it = impl_->transfers.find(id);
  if (it == impl_->transfers.end()) {
    return;
  }
  Transfer& t = *it->second;
  if (t.running) {
    (void)curl_multi_remove_handle(impl_->multi.get(), t.attempt.easy.get());
    --impl_->running;
    --impl_->running_per_host[t.host];
    impl_->settle_quota(t, nullptr);
  }
  impl_->waiting.erase(std::remove(impl_->waiting.begin(), impl_->waiting.end(), id),
                       impl_->waiting.end());
  impl_->transfers.erase(it);
}

bool Engine::is_idle() const { return impl_->transfers.empty(); }

std::size_t Engine::running_count() const { return impl_->running; }

Result<Response> perform(Engine& engine, Request request) {
  const Method method = request.method;
  std::optional<Response> result;
  auto id = engine.submit(std::move(request), [&result](Response r) { result = std::move(r); });
  if (!id) {
    return unexpected(id.error());
  }
  while (!result) {
    if (auto r = engine.run_once(milliseconds(1000)); !r) {
      return unexpected(r.error());
    }
  }
  if (result->transport != Transport::none) {
    return unexpected(to_error(method, *result));
  }
  return std::move(*result);
}

Result<Response> perform(Engine& engine, Request request, const std::stop_token& stop) {
  const Method method = request.method;
  const std::string url = request.url;
  auto cancelled = [&] {
    return unexpected(make_error(ErrorKind::transient, std::string(to_string(method)) + " " +
                                                           redact_url(url) + ": cancelled"));
  };
  if (stop.stop_requested()) {
    return cancelled();
  }
  std::optional<Response> result;
  auto id = engine.submit(std::move(request), [&result](Response r) { result = std::move(r); });
  if (!id) {
    return unexpected(id.error());
  }
  while (!result) {
    if (stop.stop_requested()) {
      engine.cancel(*id);
      return cancelled();
    }
    if (auto r = engine.poll_once(milliseconds(100)); !r) {
      return unexpected(r.error());
    }
  }
  if (result->transport != Transport::none) {
    return unexpected(to_error(method, *result));
  }
  return std::move(*result);
}

}  // namespace hf2ms::http
