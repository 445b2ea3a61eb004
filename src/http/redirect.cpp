#include "http/redirect.hpp"

namespace hf2ms::http {

std::optional<RedirectStep> plan_redirect(Method method, const std::string& url,
                                          const Response& response) {
  const int s = response.status;
  if (response.transport != Transport::none ||
      (s != 301 && s != 302 && s != 303 && s != 307 && s != 308)) {
    return std::nullopt;
  }
  const auto location = response.headers.get("Location");
  if (!location) {
    return std::nullopt;
  }
  auto next = resolve_location(url, *location);
  if (!next) {
    return std::nullopt;
  }
  const auto from = parse_origin(url);
  const auto to = parse_origin(*next);
  const bool same_origin = from && to && *from == *to;
  RedirectStep step{std::move(*next), method, true, same_origin};
  if ((s == 303 && method != Method::head) || ((s == 301 || s == 302) && method == Method::post)) {
    step.method = Method::get;
    step.keeps_body = false;
  }
  return step;
}

bool may_follow_with_body(const RedirectStep& step) { return !step.keeps_body || step.same_origin; }

}  // namespace hf2ms::http
