// redirect: how a transfer follows a 3xx answer itself (curl's FOLLOWLOCATION stays off, so
// credentials are attached per hop by origin; see Credential). Pure; no curl.
#pragma once

#include "http/request.hpp"

#include <optional>
#include <string>

namespace hf2ms::http {

struct RedirectStep {
  std::string url;          // absolute
  Method method;            // 303 turns anything but HEAD into GET; 301/302 turn POST into GET
  bool keeps_body = false;  // the method is kept, so the body is resent (a stream must rewind)
  bool same_origin = true;  // the hop stays on the origin of the URL it answers
};

// Whether the engine may take `step` for a request that has a body: a kept body (307/308) is
// resent only to the origin it was meant for. A body can carry a secret (doctor's ModelScope
// login posts the token in JSON) or private content, and a hub answer is untrusted: a 307 to
// another origin is handed back instead of followed.
[[nodiscard]] bool may_follow_with_body(const RedirectStep& step);

// The next hop for `response` to a `method` request, or nullopt when it is not a redirect to
// follow (not 301/302/303/307/308, no Location, or a Location that is not an http(s) URL).
// Relative Locations keep the origin, and with it the credential (protocols/huggingface-hub.md
// §6.4); absolute ones to another origin lose it automatically, and so does a kept body
// (may_follow_with_body).
[[nodiscard]] std::optional<RedirectStep> plan_redirect(Method method, const std::string& url,
                                                        const Response& response);

}  // namespace hf2ms::http
