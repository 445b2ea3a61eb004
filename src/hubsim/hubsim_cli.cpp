#include "hubsim/hubsim_cli.hpp"

#include "util/file.hpp"

#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>
#include <unistd.h>

namespace hf2ms::hubsim {
namespace {

// --lenient and the HF limits (limits.hpp; defaults and sources in docs/hubsim.md).
void add_hf_limit_options(CLI::App& app, SimOptions& s) {
  HfLimits& l = s.hf_limits;
  app.add_flag("--lenient", s.lenient, "Turn every limit of both hubs off (microbenchmarks)");
  app.add_option("--hf-commit-budget-ms", l.commit_budget_ms,
                 "HF commit server-time budget; past it the commit answers 504");
  app.add_option("--hf-commit-op-ms", l.commit_op_ms, "HF commit simulated time per operation");
  app.add_option("--hf-commit-base-ms", l.commit_base_ms, "HF commit simulated fixed time");
  app.add_option("--hf-commit-lands-after-timeout", l.commit_lands_after_timeout,
                 "Whether a 504 HF commit still lands (true/false)");
  app.add_option("--hf-commit-time-scale", l.commit_time_scale,
                 "Real seconds slept per simulated second of commit time");
  app.add_option("--hf-commit-inline-bytes", l.commit_inline_bytes,
                 "HF inline (regular file) payload cap per commit");
  app.add_option("--hf-commits-per-window", l.commits_per_window, "HF commits per repo per window");
  app.add_option("--hf-commit-window", l.commit_window_s, "HF commit quota window (seconds)");
  app.add_option("--hf-api-quota", l.api_quota, "HF api bucket quota per token");
  app.add_option("--hf-resolvers-quota", l.resolvers_quota, "HF resolvers bucket quota per token");
  app.add_option("--hf-pages-quota", l.pages_quota, "HF pages bucket quota per token");
  app.add_option("--hf-anonymous-api-quota", l.anonymous_api_quota, "HF api quota per IP");
  app.add_option("--hf-anonymous-resolvers-quota", l.anonymous_resolvers_quota,
                 "HF resolvers quota per IP");
  app.add_option("--hf-anonymous-pages-quota", l.anonymous_pages_quota, "HF pages quota per IP");
  app.add_option("--hf-quota-window", l.quota_window_s, "HF quota window (seconds)");
  app.add_option("--hf-enforce-quotas", l.enforce_quotas,
                 "Answer 429 when an HF quota is exhausted (true/false)");
  app.add_option("--hf-max-resolve-bytes", l.max_resolve_bytes,
                 "HF /resolve/ refuses files above this size");
  app.add_option(
      "--hf-resolve-cache-redirect", l.resolve_cache_redirect,
      "HF regular files answer /resolve/ with a 307 to /api/resolve-cache/ (true/false)");
  app.add_flag("--hf-cdn-ignores-range", l.cdn_ignores_range,
               "The CDN answers 200 with the whole body, ignoring Range");
}

void add_options(CLI::App& app, HubsimArgs& a, std::vector<std::string>& faults) {
  SimulatorOptions& o = a.options;
  app.add_option("--data", o.data_dir, "Store directory (created when missing)")->required();
  app.add_option("--listen", o.listen, "Hugging Face API address HOST:PORT (0 = ephemeral)");
  app.add_option("--ms-listen", o.ms_listen, "ModelScope API address HOST:PORT");
  app.add_option("--cdn-listen", o.cdn_listen, "CDN / object store address HOST:PORT");
  app.add_option("--seed", o.seed_files, "Seed spec JSON file (repeatable)");
  app.add_option("--users", o.users_file, "Users and tokens JSON file");
  app.add_option("--fault", faults, "Fault rule key=value,... (repeatable; docs/hubsim.md)");
  app.add_option("--fault-seed", o.fault_seed, "Seed of the fault injector's random choices");
  app.add_option("--fault-draw", o.fault_draw,
                 "sequence (one generator, arrival order) or keyed (by request and path)")
      ->transform(CLI::CheckedTransformer(std::map<std::string, FaultDraw>{
          {"sequence", FaultDraw::sequence}, {"keyed", FaultDraw::keyed}}));
  app.add_option("--log", o.log_file, "Append the request log (JSON lines) to this file");
  app.add_option("--page-size", o.sim.page_size, "HF listing page size");
  app.add_option("--commits-page-size", o.sim.commits_page_size, "HF commit listing page size");
  app.add_option("--hf-siblings-limit", o.sim.hf_siblings_limit,
                 "HF repo info lists at most this many siblings");
  app.add_option("--multipart-threshold", o.sim.multipart_threshold,
                 "HF LFS multipart above (bytes)");
  app.add_option("--multipart-chunk", o.sim.multipart_chunk, "HF LFS multipart part size (bytes)");
  app.add_option("--threads", o.threads, "Worker threads per listener");
  add_hf_limit_options(app, o.sim);
  app.add_option("--ready-file", a.ready_file,
                 "Write {\"hf\",\"ms\",\"cdn\"} URLs here when ready");
}

// ModelScope limits and variants (ms_limits.hpp, docs/hubsim-modelscope.md).
void add_ms_limit_options(CLI::App& app, MsLimits& m) {
  app.add_option("--ms-commits-per-minute", m.commits_per_window,
                 "ModelScope commits per repo per window before 429 (0 = no limit)");
  app.add_option("--ms-commit-window", m.commit_window_s, "ModelScope commit window (seconds)");
  app.add_option("--ms-max-commit-body", m.max_commit_body_bytes,
                 "ModelScope commit body cap in bytes (0 = none)");
  app.add_option("--ms-revisions", m.revisions, "names (branch/tag only) or any")
      ->transform(CLI::CheckedTransformer(std::map<std::string, MsRevisions>{
          {"names", MsRevisions::names_only}, {"any", MsRevisions::any}}));
  app.add_option("--ms-token-deletes", m.token_deletes,
                 "refuse (single-file deletes), refuse-all (commit deletes too) or allow")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, MsTokenDeletes>{{"refuse", MsTokenDeletes::refuse},
                                                {"refuse-all", MsTokenDeletes::refuse_all},
                                                {"allow", MsTokenDeletes::allow}}));
  app.add_option("--ms-envelope", m.success_envelope, "full or without-code (2xx answers)")
      ->transform(CLI::CheckedTransformer(std::map<std::string, MsSuccessEnvelope>{
          {"full", MsSuccessEnvelope::full}, {"without-code", MsSuccessEnvelope::without_code}}));
  app.add_option("--ms-batch-envelope", m.batch_envelope, "enveloped or bare (blob batch)")
      ->transform(CLI::CheckedTransformer(std::map<std::string, MsBatchEnvelope>{
          {"enveloped", MsBatchEnvelope::enveloped}, {"bare", MsBatchEnvelope::bare}}));
  app.add_option("--ms-hosts", m.hosts, "names (*.localhost, lfs. hrefs) or ip")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, MsHosts>{{"names", MsHosts::names}, {"ip", MsHosts::ip}}));
  app.add_option("--ms-host-name", m.host_name, "ModelScope API host name with --ms-hosts names");
  app.add_option("--ms-lfs-prefix", m.lfs_prefix, "Blob host prefix: lfs. or pre-lfs.");
}

volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_signal(int /*sig*/) { g_stop = 1; }

}  // namespace

std::optional<int> parse_hubsim_args(int argc, char** argv, HubsimArgs& out) {
  CLI::App app{"hf2ms-hubsim: a local simulator of the Hugging Face Hub and ModelScope APIs"};
  std::vector<std::string> faults;
  add_options(app, out, faults);
  add_ms_limit_options(app, out.options.sim.ms_limits);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  for (const auto& spec : faults) {
    auto rule = parse_fault_rule(spec);
    if (!rule) {
      std::cerr << "hf2ms-hubsim: " << rule.error().message << "\n";
      return 2;
    }
    out.options.faults.push_back(*rule);
  }
  return std::nullopt;
}

int run_hubsim(const HubsimArgs& args) {
  Simulator sim;
  auto addresses = sim.start(args.options);
  if (!addresses) {
    std::cerr << "hf2ms-hubsim: " << describe(addresses.error()) << "\n";
    return 1;
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::cout << "hf2ms-hubsim ready\n  hf:  " << addresses->hf_url
            << "\n  ms:  " << addresses->ms_url << "\n  cdn: " << addresses->cdn_url << std::endl;
  if (!args.ready_file.empty()) {
    auto written = write_file_atomic(args.ready_file, addresses_to_json(*addresses) + "\n");
    if (!written) {
      std::cerr << "hf2ms-hubsim: " << describe(written.error()) << "\n";
      return 1;
    }
  }
  while (g_stop == 0) {
    pause();
  }
  sim.stop();
  return 0;
}

}  // namespace hf2ms::hubsim
