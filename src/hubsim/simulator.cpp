#include "hubsim/simulator.hpp"

#include "hubsim/hf_api.hpp"
#include "hubsim/hf_limits.hpp"
#include "hubsim/ms_api.hpp"
#include "hubsim/rate_limit.hpp"
#include "hubsim/seed.hpp"
#include "hubsim/store_impl.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>

namespace hf2ms::hubsim {
namespace {

struct HostPort {
  std::string host;
  int port = 0;
};

Result<HostPort> parse_listen(const std::string& spec) {
  const auto colon = spec.rfind(':');
  if (colon == std::string::npos) {
    return unexpected(
        make_error(ErrorKind::invalid_input, "listen address must be HOST:PORT: " + spec));
  }
  HostPort hp{spec.substr(0, colon), 0};
  const std::string port = spec.substr(colon + 1);
  if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos ||
      port.size() > 5) {
    return unexpected(make_error(ErrorKind::invalid_input, "bad port in " + spec));
  }
  hp.port = std::stoi(port);
  return hp;
}

std::vector<std::pair<std::string, std::string>> request_headers(const httplib::Request& req) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [k, v] : req.headers) {
    // httplib adds these four pseudo-headers itself; they were not sent.
    if (k != "REMOTE_ADDR" && k != "REMOTE_PORT" && k != "LOCAL_ADDR" && k != "LOCAL_PORT") {
      out.emplace_back(k, v);
    }
  }
  return out;
}

}  // namespace

struct Simulator::Impl {
  SimulatorOptions options;
  std::unique_ptr<Store> store;
  Users users;
  RequestLog log;
  FaultInjector faults;
  std::unique_ptr<SimContext> ctx;
  SimulatorAddresses addresses;
  std::unique_ptr<httplib::Server> hf, ms, cdn;
  std::vector<std::thread> threads;
  RateLimiter rate;
  mutable std::mutex status_mu;
  std::map<std::pair<Listener, int>, std::uint64_t> statuses;  // guarded by status_mu

  Result<int> bind(httplib::Server& server, const std::string& listen);
  void install_common(httplib::Server& server, Listener listener);
  httplib::Server::HandlerResponse pre_route(Listener l, const httplib::Request& req,
                                             httplib::Response& res);
};

Result<int> Simulator::Impl::bind(httplib::Server& server, const std::string& listen) {
  auto hp = parse_listen(listen);
  if (!hp) {
    return unexpected(hp.error());
  }
  const std::size_t n = options.threads;
  // httplib takes ownership of the queue it gets from this factory (its API needs a raw one).
  server.new_task_queue = [n] { return std::make_unique<httplib::ThreadPool>(n).release(); };
  server.set_keep_alive_max_count(1000);
  // Without it, small answers wait on the client's delayed ACK (~40 ms each on Linux), which
  // would make the simulator, not hf2ms, the bottleneck of every latency-bound benchmark.
  server.set_tcp_nodelay(true);
  // httplib's default sets SO_REUSEPORT, which lets a second simulator bind a port that is
  // already in use and split the requests between two stores. SO_REUSEADDR alone still allows
  // a quick restart (a port in TIME_WAIT) but refuses a port another process listens on.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    (void)::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  errno = 0;
  const int port = hp->port == 0 ? server.bind_to_any_port(hp->host)
                                 : (server.bind_to_port(hp->host, hp->port) ? hp->port : -1);
  if (port <= 0) {
    const int why = errno;
    return unexpected(make_error(
        ErrorKind::io, "cannot listen on " + listen +
                           (why == EADDRINUSE ? ": the address is already in use (is another "
                                                "hf2ms-hubsim running?)"
                            : why != 0        ? ": " + std::string(std::strerror(why))
                                              : std::string())));
  }
  return port;
}

httplib::Server::HandlerResponse Simulator::Impl::pre_route(Listener l, const httplib::Request& req,
                                                            httplib::Response& res) {
  const auto q = req.target.find('?');
  const std::string path = req.target.substr(0, q);
  log.append(LoggedRequest{now_ms(), l, req.method, path,
                           q == std::string::npos ? "" : req.target.substr(q + 1),
                           request_headers(req), l == Listener::hf ? hf_bucket_of(path) : ""});
  // Ranges are serve_blob's job; without this httplib would slice every ranged body itself.
  // The Request object is not const (httplib owns it and hands out a const view).
  const_cast<httplib::Request&>(req).ranges.clear();
  const FaultDecision d = faults.decide(l, req.method, path);
  set_current_faults(d);
  if (d.latency_ms > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(d.latency_ms));
  }
  if (d.status == 0) {
    return httplib::Server::HandlerResponse::Unhandled;
  }
  res.status = d.status;
  // The fault answers before any request body is read. Keeping the connection open would
  // leave those body bytes to be parsed as the next request (a spurious 400 on reuse); real
  // servers close after such an early answer, and so does the simulator.
  res.set_header("Connection", "close");
  if (d.retry_after_s > 0) {
    res.set_header("Retry-After", std::to_string(d.retry_after_s));
  }
  res.set_content("{\"error\":\"injected fault (hf2ms-hubsim)\"}", "application/json");
  return httplib::Server::HandlerResponse::Handled;
}

void Simulator::Impl::install_common(httplib::Server& server, Listener listener) {
  server.set_pre_routing_handler(
      [this, listener](const httplib::Request& req, httplib::Response& res) {
        return pre_route(listener, req, res);
      });
  server.set_post_routing_handler([this, listener](const httplib::Request& req,
                                                   httplib::Response& res) {
    if (listener == Listener::hf) {
      rate.add_headers(req, res, current_faults());
    }
    {
      const std::lock_guard lock(status_mu);
      ++statuses[{listener, res.status}];
    }
    if (listener == Listener::ms) {
      adjust_ms_answer(*ctx, req, res);  // envelope variants (ms_limits.hpp)
    }
    // A route that refuses early (bad auth, bad signature) may not have read the request
    // body; closing keeps those bytes from being parsed as the next request.
    const bool has_body = req.has_header("Content-Length") || req.has_header("Transfer-Encoding");
    if (res.status >= 400 && has_body) {
      res.set_header("Connection", "close");
    }
  });
}

Simulator::Simulator() : impl_(std::make_unique<Impl>()) {}
Simulator::~Simulator() { stop(); }

Result<SimulatorAddresses> Simulator::start(const SimulatorOptions& options) {
  Impl& s = *impl_;
  s.options = options;
  auto store = Store::open(options.data_dir);
  if (!store) {
    return unexpected(store.error());
  }
  s.store = std::move(*store);
  if (!options.users_file.empty()) {
    auto users = Users::load(options.users_file);
    if (!users) {
      return unexpected(users.error());
    }
    s.users = std::move(*users);
  } else {
    s.users = Users::defaults();
  }
  for (const auto& seed : options.seed_files) {
    auto seeded = apply_seed_file(*s.store, seed);
    if (!seeded) {
      return unexpected(seeded.error());
    }
  }
  auto faults_set = s.faults.set_rules(options.faults);
  if (!faults_set) {
    return unexpected(faults_set.error());
  }
  s.faults.reseed(options.fault_seed, options.fault_draw);
  if (!options.log_file.empty()) {
    auto opened = s.log.open_file(options.log_file);
    if (!opened) {
      return unexpected(opened.error());
    }
  }
  s.hf = std::make_unique<httplib::Server>();
  s.ms = std::make_unique<httplib::Server>();
  s.cdn = std::make_unique<httplib::Server>();
  auto hf_port = s.bind(*s.hf, options.listen);
  auto ms_port = s.bind(*s.ms, options.ms_listen);
  auto cdn_port = s.bind(*s.cdn, options.cdn_listen);
  for (auto* p : {&hf_port, &ms_port, &cdn_port}) {
    if (!*p) {
      return unexpected(p->error());
    }
  }
  const auto url = [](const std::string& listen, int port) {
    return "http://" + listen.substr(0, listen.rfind(':')) + ":" + std::to_string(port);
  };
  s.addresses = {
      url(options.listen, *hf_port),
      ms_announced_url(options.sim.ms_limits,
                       options.ms_listen.substr(0, options.ms_listen.rfind(':')), *ms_port),
      url(options.cdn_listen, *cdn_port)};
  s.ctx = std::make_unique<SimContext>(
      SimContext{*s.store, s.users, s.options.sim, s.log, s.faults, s.addresses.hf_url,
                 s.addresses.ms_url, s.addresses.cdn_url, *hf_port, *ms_port, *cdn_port});
  s.install_common(*s.hf, Listener::hf);
  s.install_common(*s.ms, Listener::ms);
  s.install_common(*s.cdn, Listener::cdn);
  register_hf_routes(*s.hf, *s.cdn, *s.ctx);
  register_ms_routes(*s.ms, *s.cdn, *s.ctx);
  for (httplib::Server* server : {s.hf.get(), s.ms.get(), s.cdn.get()}) {
    s.threads.emplace_back([server] { server->listen_after_bind(); });
  }
  for (httplib::Server* server : {s.hf.get(), s.ms.get(), s.cdn.get()}) {
    while (!server->is_running()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  return s.addresses;
}

void Simulator::stop() {
  Impl& s = *impl_;
  for (httplib::Server* server : {s.hf.get(), s.ms.get(), s.cdn.get()}) {
    if (server != nullptr) {
      server->stop();
    }
  }
  for (auto& t : s.threads) {
    t.join();
  }
  s.threads.clear();
  s.hf.reset();
  s.ms.reset();
  s.cdn.reset();
}

const SimulatorAddresses& Simulator::addresses() const { return impl_->addresses; }
Store& Simulator::store() { return *impl_->store; }
RequestLog& Simulator::log() { return impl_->log; }

std::uint64_t Simulator::answers_with_status(Listener listener, int status) const {
  const std::lock_guard lock(impl_->status_mu);
  const auto it = impl_->statuses.find({listener, status});
  return it == impl_->statuses.end() ? 0 : it->second;
}
FaultInjector& Simulator::faults() { return impl_->faults; }
const Users& Simulator::users() const { return impl_->users; }

std::string addresses_to_json(const SimulatorAddresses& a) {
  return nlohmann::json{{"hf", a.hf_url}, {"ms", a.ms_url}, {"cdn", a.cdn_url}}.dump();
}

}  // namespace hf2ms::hubsim
