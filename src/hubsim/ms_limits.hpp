// MsLimits: the limits and answer variants of the simulated ModelScope hub, each one
// configurable and on (strict) by default, as `../shared/protocols/real-hub-limits.md` asks:
// the commit frequency limit (HTTP 429 "Commit frequency limit exceeded", which the SDK
// labels E1021), the commit body cap, refusal of commit ids as `Revision`, refusal of
// single-file deletes for API tokens, and the host names the simulator is addressed by (the
// API on `www.modelscope.localhost`, blob hrefs on its `lfs.` sibling). The envelope variants
// the SDK tolerates are selectable, not limits. `effective_ms_limits` applies the simulator's
// `--lenient` switch. Defaults and their sources: docs/hubsim-modelscope.md. Pure; no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hf2ms::hubsim {

// Whether a 2xx legacy answer carries `Code` (the SDK ignores it on 2xx, real-hub-limits §4).
enum class MsSuccessEnvelope { full, without_code };
// Whether the blob batch answer is enveloped or the bare `{"objects": [...]}` once observed.
enum class MsBatchEnvelope { enveloped, bare };
// How the ModelScope API listener is addressed: DNS names under `.localhost` (curl resolves
// them to loopback) with blob hrefs on the `lfs.` sibling, or the plain listener IP.
enum class MsHosts { names, ip };
// Whether deletes are refused for API tokens (only web sessions may delete): the single-file
// delete routes (`refuse`, the documented behaviour), those and commit `delete` actions too
// (`refuse_all`: UNCONFIRMED, the SDK's sync relies on commit deletes working for tokens; a
// variant for testing how a client reports the refusal), or nothing (`allow`).
enum class MsTokenDeletes { refuse, refuse_all, allow };
// Whether `Revision` must name a branch or tag, or may also be a commit id.
enum class MsRevisions { names_only, any };

struct MsLimits {
  // Commits (and single-file deletes) per repo per window before 429; 0: no limit. The hub's
  // limit is dynamic and unpublished (modelscope issue #1793): UNCONFIRMED, a strict pick.
  std::uint32_t commits_per_window = 10;
  std::uint32_t commit_window_s = 60;
  // Largest commit request body in bytes; 0: no cap. The SDK closes a commit batch at about
  // 8 MiB of body (real-hub-limits §2); the hub's own cap is UNCONFIRMED.
  std::uint64_t max_commit_body_bytes = std::uint64_t{8} << 20;
  MsRevisions revisions = MsRevisions::names_only;
  MsTokenDeletes token_deletes = MsTokenDeletes::refuse;
  MsSuccessEnvelope success_envelope = MsSuccessEnvelope::full;
  MsBatchEnvelope batch_envelope = MsBatchEnvelope::enveloped;
  MsHosts hosts = MsHosts::names;
  std::string host_name = "www.modelscope.localhost";  // API host in MsHosts::names
  std::string lfs_prefix = "lfs.";  // blob host = prefix + host without "www." ("pre-lfs.")
};

// `limits` with every limit off when `lenient` (no frequency limit, no body cap, commit ids
// accepted as Revision, token deletes allowed); variants and host names are kept.
[[nodiscard]] MsLimits effective_ms_limits(const MsLimits& limits, bool lenient);

// The base URL the ModelScope listener announces: "http://<host_name>:<port>" in
// MsHosts::names when `listen_host` is a loopback address (names only resolve to loopback),
// "http://<listen_host>:<port>" otherwise.
[[nodiscard]] std::string ms_announced_url(const MsLimits& limits, std::string_view listen_host,
                                           int port);

// The base URL of blob upload hrefs for a request that arrived with `host_header`
// ("www.modelscope.localhost:8080"): in MsHosts::names the `lfs.` sibling of a DNS name
// ("http://lfs.modelscope.localhost:8080"), as the hub hands out `lfs.<base-domain>` hrefs
// (protocols/modelscope-hub.md §1.1); the request's own host for an IP literal; `api_url`
// in MsHosts::ip or when there is no Host header.
[[nodiscard]] std::string ms_blob_base_url(const MsLimits& limits, std::string_view host_header,
                                           std::string_view api_url);

}  // namespace hf2ms::hubsim
