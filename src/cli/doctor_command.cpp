// `hf2ms doctor [-f FILE]`: checks what a real apply needs and says what to fix (DESIGN.md
// §3). For each hub the manifest uses (both without a manifest or without mirrors): the
// endpoint answers, the token variable is set, the token is accepted (HF whoami-v2; ModelScope
// /openapi/v1/users/me, then the login route) and, where the hub tells, whether it can write.
// Then the Modal CLI: installed (`modal --version`) and authenticated (`modal token info`).
// The checklist goes to stdout. Exit 0 when every required check passes, 1 otherwise. Only
// variable names are printed, never a token.
#include "applier/modal_executor.hpp"
#include "cli/commands_list.hpp"
#include "cli/hub_session.hpp"
#include "cli/plan_pipeline.hpp"
#include "hub/hf_client.hpp"
#include "hub/hf_requests.hpp"
#include "hub/ms_client.hpp"
#include "hub/ms_requests.hpp"
#include "hub/site.hpp"
#include "manifest/resolve.hpp"
#include "observe/pooled_performer.hpp"
#include "util/process.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace hf2ms::cli {
namespace {

enum class Status { ok, warn, fail };

struct Check {
  Status status = Status::ok;
  std::string what;
  std::string fix;
};

struct Section {
  std::string title;
  std::vector<Check> checks;
};

struct HubUse {
  bool used = true;
  bool target = true;  // writes to it: a token with write access is required
};

struct HubSpec {
  manifest::Hub hub;
  std::string endpoint;
  std::string token_env;
  HubUse use;
  std::string endpoint_origin;  // "HF_ENDPOINT", "the manifest's [hubs.hf] endpoint", ...
};

// What to change when the endpoint is wrong, naming where it was set.
std::string endpoint_fix(const HubSpec& h) {
  const char* example =
      h.hub == manifest::Hub::hf ? "https://huggingface.co" : "https://www.modelscope.cn";
  if (h.endpoint_origin == "the default endpoint") {
    return "check the network or a proxy; to use another hub, set " +
           std::string(h.hub == manifest::Hub::hf ? "HF_ENDPOINT" : "MODELSCOPE_ENDPOINT");
  }
  return "set " + h.endpoint_origin + " to the hub's base URL, e.g. " + example;
}

constexpr const char* k_hf_tokens = "https://huggingface.co/settings/tokens";
constexpr const char* k_ms_tokens = "https://modelscope.cn/my/myaccesstoken";

HubUse hub_use(const manifest::Manifest& m, manifest::Hub hub) {
  if (m.mirrors.empty()) {
    return {};
  }
  HubUse use{false, false};
  for (const manifest::Mirror& mirror : m.mirrors) {
    use.used = use.used || mirror.source.hub == hub || mirror.target.hub == hub;
    use.target = use.target || mirror.target.hub == hub;
  }
  return use;
}

// Any HTTP answer to an anonymous whoami proves the endpoint is there.
Check reachable(const HubSpec& h, hub::Performer& performer) {
  auto site = h.hub == manifest::Hub::hf ? hub::make_hf_site(h.endpoint, std::nullopt)
                                         : hub::make_ms_site(h.endpoint, std::nullopt);
  if (!site) {
    return {Status::fail,
            "endpoint " + h.endpoint + " (from " + h.endpoint_origin +
                ") is not usable: " + site.error().message,
            endpoint_fix(h)};
  }
  auto request =
      h.hub == manifest::Hub::hf ? hub::hf_whoami_request(*site) : hub::ms_whoami_request(*site);
  auto answer = performer.perform(std::move(request));
  if (!answer || answer->status == 0) {
    return {Status::fail,
            "cannot reach " + h.endpoint + (answer ? "" : ": " + answer.error().message),
            endpoint_fix(h)};
  }
  // HF answers an anonymous whoami-v2 with 401; "no such route" means the URL is not its API
  // (a wrong path, the other hub, a web page), whatever the token. Not for ModelScope: some
  // deployments lack /openapi/v1/users/me, and whoami() then falls back to the login route.
  if (h.hub == manifest::Hub::hf && (answer->status == 404 || answer->status == 405)) {
    return {Status::fail,
            "endpoint " + h.endpoint + " answers, but not as a Hugging Face hub (HTTP " +
                std::to_string(answer->status) + " for its whoami route)",
            endpoint_fix(h)};
  }
  return {Status::ok, "endpoint " + h.endpoint + " answers", {}};
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    out += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
  }
  return out + "\"";
}

// ModelScope's login route mints git credentials, so it refuses read-only tokens like bad ones
// (protocols/modelscope-hub.md §2.2): an identity means the token can write; nullopt, refused.
Result<std::optional<hub::Identity>> ms_login(const std::string& endpoint, const Secret& token,
                                              hub::Performer& performer) {
  auto site = hub::make_ms_site(endpoint, token);
  if (!site) {
    return unexpected(site.error());
  }
  http::Request r;
  r.method = http::Method::post;
  r.url = site->endpoint + "/api/v1/login";
  r.headers.set("Content-Type", "application/json");
  r.body = "{\"AccessToken\":" + json_string(token.reveal()) + "}";  // the route's contract
  r.credential = site->credential;
  r.idempotency = http::Idempotency::safe_to_retry;
  auto answer = performer.perform(std::move(r));
  if (!answer) {
    return unexpected(answer.error());
  }
  if (answer->status < 200 || answer->status >= 300) {
    return std::optional<hub::Identity>();
  }
  auto who = hub::parse_ms_login(answer->body);
  if (!who) {
    return unexpected(who.error());
  }
  return std::optional<hub::Identity>(*who);
}

// HF: whoami-v2. ModelScope: /openapi/v1/users/me, and the login route when that route
// does not answer (older or regional deployments).
Result<hub::Identity> whoami(const HubSpec& h, const Secret& token, hub::Performer& performer) {
  if (h.hub == manifest::Hub::hf) {
    auto client = hub::HfClient::create(h.endpoint, token, performer);
    if (!client) {
      return unexpected(client.error());
    }
    return (*client)->whoami();
  }
  auto client = hub::MsClient::create(h.endpoint, token, performer);
  if (!client) {
    return unexpected(client.error());
  }
  auto who = (*client)->whoami();
  if (who || who.error().kind == ErrorKind::unauthorized) {
    return who;
  }
  auto login = ms_login(h.endpoint, token, performer);
  if (login && *login) {
    return **login;
  }
  if (!login) {
    return unexpected(login.error());
  }
  return unexpected(make_error(ErrorKind::unauthorized, "login refused"));
}

Check write_role(const HubSpec& h, const hub::Identity& who, const Secret& token,
                 hub::Performer& performer) {
  const Status missing_write = h.use.target ? Status::fail : Status::ok;
  if (h.hub == manifest::Hub::hf) {
    if (who.token_role == "write") {
      return {Status::ok, "token role: write", {}};
    }
    if (who.token_role == "read") {
      return {missing_write, "token role: read (mirroring to HF needs write)",
              std::string("create a write token at ") + k_hf_tokens};
    }
    return {Status::warn, "token role: " + (who.token_role.empty() ? "unknown" : who.token_role),
            "make sure the token may write to every target namespace"};
  }
  auto login = ms_login(h.endpoint, token, performer);
  if (!login) {
    return {
        Status::warn, "cannot tell whether the token can write: " + describe(login.error()), {}};
  }
  if (login->has_value()) {
    return {Status::ok, "login accepted: the token can write", {}};
  }
  return {missing_write, "login refused: a read-only token (mirroring to ModelScope needs write)",
          std::string("create a write token at ") + k_ms_tokens};
}

Section check_hub(const HubSpec& h, hub::Performer& performer, const manifest::EnvLookup& env) {
  const bool hf = h.hub == manifest::Hub::hf;
  Section s{std::string(hf ? "Hugging Face" : "ModelScope") + " (" + h.endpoint + ")", {}};
  s.checks.push_back(reachable(h, performer));
  const std::string tokens = hf ? k_hf_tokens : k_ms_tokens;
  const auto token = token_from_env(env, h.token_env);
  if (!token) {
    s.checks.push_back({h.use.target ? Status::fail : Status::warn, h.token_env + " is not set",
                        "create a token at " + tokens + " and export " + h.token_env +
                            (h.use.target ? "" : " (optional: public sources read without one)")});
    return s;
  }
  s.checks.push_back({Status::ok, h.token_env + " is set", {}});
  if (s.checks.front().status != Status::ok) {
    return s;
  }
  auto who = whoami(h, *token, performer);
  if (!who) {
    const bool rejected = who.error().kind == ErrorKind::unauthorized;
    s.checks.push_back(
        {Status::fail,
         rejected ? "the token in " + h.token_env + " was rejected"
                  : "cannot check the token in " + h.token_env + ": " + describe(who.error()),
         rejected ? "create a new token at " + tokens
                  : "check that " + h.endpoint + " is the hub's API (" + endpoint_fix(h) +
                        "), then run `hf2ms doctor` again"});
    return s;
  }
  s.checks.push_back({Status::ok, "token accepted: user " + who->name, {}});
  s.checks.push_back(write_role(h, *who, *token, performer));
  return s;
}

// `modal <args>`: its exit status and first output line; nullopt when it is not installed.
std::optional<std::pair<int, std::string>> run_modal(std::vector<std::string> args,
                                                     const std::vector<std::string>& env) {
  args.insert(args.begin(), "modal");
  std::string first;
  auto exit =
      run_process({args, env, Output::capture, Output::capture, ForwardSignals::no, nullptr},
                  [&](std::string_view line) {
                    if (first.empty()) {
                      first = std::string(line);
                    }
                  });
  if (!exit) {
    return std::nullopt;
  }
  return std::make_pair(exit->code, first);
}

Section check_modal(const manifest::Manifest& m, const std::vector<std::string>& hub_vars) {
  const bool needed = m.executor.kind == manifest::ExecutorKind::modal;
  const Status missing = needed ? Status::fail : Status::warn;
  Section s{"Modal (executor: " + manifest::to_string(m.executor.kind) + ")", {}};
  // Only what `modal` needs (applier::modal_child_environment), and never the hub tokens.
  std::vector<std::string> env = applier::modal_child_environment(current_environment(), {});
  for (const std::string& name : hub_vars) {
    std::erase_if(env, [&](const std::string& e) { return e.starts_with(name + "="); });
  }
  const auto version = run_modal({"--version"}, env);
  if (!version || version->first != 0) {
    s.checks.push_back(
        {missing, "the `modal` CLI is not installed (or does not run)",
         "pip install modal   (or set [executor] kind = \"local\" in the manifest, or pass "
         "`--executor local` to apply)"});
    return s;
  }
  s.checks.push_back({Status::ok, "modal CLI installed: " + version->second, {}});
  const bool env_token =
      find_variable(env, "MODAL_TOKEN_ID") && find_variable(env, "MODAL_TOKEN_SECRET");
  const auto info = run_modal({"token", "info"}, env);
  if (info && info->first == 0) {
    s.checks.push_back({Status::ok,
                        std::string("modal is authenticated") +
                            (env_token ? " (MODAL_TOKEN_ID / MODAL_TOKEN_SECRET)" : ""),
                        {}});
  } else {
    s.checks.push_back({missing, "modal is not authenticated",
                        "modal token new   (or set MODAL_TOKEN_ID and MODAL_TOKEN_SECRET)"});
  }
  return s;
}

std::string render(const std::vector<Section>& sections, std::size_t& failures) {
  std::string out;
  for (const Section& s : sections) {
    out += s.title + "\n";
    for (const Check& c : s.checks) {
      const char* mark = c.status == Status::ok     ? "[ok]  "
                         : c.status == Status::warn ? "[warn]"
                                                    : "[FAIL]";
      failures += c.status == Status::fail ? 1 : 0;
      out += std::string("  ") + mark + " " + c.what + "\n";
      out += c.fix.empty() || c.status == Status::ok ? "" : "         fix: " + c.fix + "\n";
    }
  }
  out += failures == 0 ? "\nAll required checks passed.\n"
                       : "\n" + std::to_string(failures) + " problem(s) to fix (see above).\n";
  return out;
}

struct DoctorArgs {
  std::string file = "hf2ms.toml";
  bool file_given = false;
};

int run_doctor(const DoctorArgs& args) {
  std::optional<LoadedManifest> loaded = LoadedManifest{};
  if (args.file_given || std::filesystem::exists(args.file)) {
    loaded = load_manifest(args.file);
  }
  if (!loaded) {
    return k_exit_error;
  }
  const manifest::Manifest& m = loaded->manifest;
  const manifest::EnvLookup env = process_env();
  const auto allowed = checked_endpoints(m, env);  // never send a token to a refused endpoint
  if (!allowed) {
    std::fprintf(stderr, "hf2ms: %s\n", allowed.error().message.c_str());
    return k_exit_error;
  }
  const manifest::Endpoints endpoints = *allowed;
  observe::PooledEnginePerformer performer;
  std::vector<Section> sections;
  for (const HubSpec& h :
       {HubSpec{manifest::Hub::hf, endpoints.hf, m.hf.token_env, hub_use(m, manifest::Hub::hf),
                endpoint_origin(manifest::Hub::hf, m.hf, env)},
        HubSpec{manifest::Hub::ms, endpoints.ms, m.ms.token_env, hub_use(m, manifest::Hub::ms),
                endpoint_origin(manifest::Hub::ms, m.ms, env)}}) {
    if (h.use.used) {
      sections.push_back(check_hub(h, performer, env));
    }
  }
  sections.push_back(check_modal(m, {m.hf.token_env, m.ms.token_env}));
  std::size_t failures = 0;
  const std::string text = render(sections, failures);
  std::fputs(text.c_str(), stdout);
  return failures == 0 ? k_exit_ok : k_exit_error;
}

}  // namespace

Action setup_doctor(CLI::App& sub) {
  auto args = std::make_shared<DoctorArgs>();
  sub.add_option("-f,--file", args->file, "Manifest whose hubs and executor to check")
      ->capture_default_str()
      ->each([args](const std::string&) { args->file_given = true; });
  return [args] { return run_doctor(*args); };
}

}  // namespace hf2ms::cli
