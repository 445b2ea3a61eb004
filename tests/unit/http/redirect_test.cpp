#include "http/redirect.hpp"

#include "http/request.hpp"

#include <gtest/gtest.h>

namespace hf2ms::http {
namespace {

Response redirect(int status, const std::string& location) {
  Response r;
  r.status = status;
  r.headers.add("Location", location);
  return r;
}

TEST(Redirect, RelativeLocationStaysOnTheOrigin) {
  auto step = plan_redirect(Method::head, "https://hf.co/a/resolve/main/f",
                            redirect(307, "/api/resolve-cache/a/f?etag=1"));
  ASSERT_TRUE(step);
  EXPECT_EQ(step->url, "https://hf.co/api/resolve-cache/a/f?etag=1");
  EXPECT_EQ(step->method, Method::head);
}

TEST(Redirect, SeeOtherTurnsIntoGetAndPostIntoGetOn302) {
  auto see_other = plan_redirect(Method::put, "https://a/x", redirect(303, "https://b/y"));
  ASSERT_TRUE(see_other);
  EXPECT_EQ(see_other->method, Method::get);
  EXPECT_FALSE(see_other->keeps_body);
  auto found = plan_redirect(Method::post, "https://a/x", redirect(302, "/y"));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->method, Method::get);
  auto temporary = plan_redirect(Method::post, "https://a/x", redirect(307, "/y"));
  ASSERT_TRUE(temporary);
  EXPECT_EQ(temporary->method, Method::post);
  EXPECT_TRUE(temporary->keeps_body);
}

// The attack: a hub answers doctor's login POST (the ModelScope token in its JSON body) with a
// 307 to a host it controls. Same-origin hops may keep the body; cross-origin ones may not.
TEST(Redirect, KeptBodyNeverFollowsToAnotherOrigin) {
  auto away = plan_redirect(Method::post, "https://modelscope.cn/api/v1/login",
                            redirect(307, "https://evil.example/collect"));
  ASSERT_TRUE(away);
  EXPECT_TRUE(away->keeps_body);
  EXPECT_FALSE(away->same_origin);
  EXPECT_FALSE(may_follow_with_body(*away));
  auto other_port = plan_redirect(Method::put, "https://modelscope.cn/x",
                                  redirect(308, "https://modelscope.cn:8443/x"));
  ASSERT_TRUE(other_port);
  EXPECT_FALSE(may_follow_with_body(*other_port));
  auto relative = plan_redirect(Method::post, "https://modelscope.cn/a", redirect(307, "/b"));
  ASSERT_TRUE(relative);
  EXPECT_TRUE(may_follow_with_body(*relative));
  auto to_get = plan_redirect(Method::post, "https://a/x", redirect(303, "https://b/y"));
  ASSERT_TRUE(to_get);
  EXPECT_TRUE(may_follow_with_body(*to_get));  // the body is dropped, so the hop is harmless
}

TEST(Redirect, IgnoresNonRedirectsAndBadLocations) {
  EXPECT_FALSE(plan_redirect(Method::get, "https://a/x", redirect(200, "/y")));
  EXPECT_FALSE(plan_redirect(Method::get, "https://a/x", redirect(304, "/y")));
  EXPECT_FALSE(plan_redirect(Method::get, "https://a/x", redirect(302, "file:///etc/passwd")));
  Response no_location;
  no_location.status = 302;
  EXPECT_FALSE(plan_redirect(Method::get, "https://a/x", no_location));
}

TEST(Credential, AppliesOnlyToItsOwnOrigins) {
  const Credential hf =
      Credential::bearer(parse_origin("https://huggingface.co").value(), Secret("hf_x"));
  EXPECT_TRUE(credential_applies(hf, parse_origin("https://huggingface.co:443/api").value()));
  EXPECT_FALSE(credential_applies(hf, parse_origin("https://cdn-lfs.hf.co/x").value()));
  EXPECT_FALSE(credential_applies(hf, parse_origin("http://huggingface.co/x").value()));
  EXPECT_FALSE(credential_applies(hf, parse_origin("https://huggingface.co:8443/x").value()));
  EXPECT_FALSE(credential_applies(hf, parse_origin("https://www.modelscope.cn/x").value()));
  Credential ms = hf;
  ms.origins = {parse_origin("https://www.modelscope.cn").value(),
                parse_origin("https://lfs.modelscope.cn").value()};
  EXPECT_TRUE(credential_applies(ms, parse_origin("https://lfs.modelscope.cn/x").value()));
}

TEST(Credential, BearerBuildsTheHeaderAndPrintsMasked) {
  const Credential c = Credential::bearer(parse_origin("https://hf.co").value(), Secret("hf_x"));
  ASSERT_EQ(c.headers.size(), 1U);
  EXPECT_EQ(c.headers[0].name, "Authorization");
  EXPECT_EQ(c.headers[0].value.reveal(), "Bearer hf_x");
}

TEST(Request, RefusesCredentialsOutsideACredential) {
  Request r;
  r.url = "https://hf.co/api/whoami-v2";
  EXPECT_TRUE(validate(r));
  r.headers.add("authorization", "Bearer hf_x");
  EXPECT_EQ(validate(r).error().kind, ErrorKind::invalid_input);
  r.headers.clear();
  r.headers.add("Cookie", "m_session_id=x");
  EXPECT_FALSE(validate(r));
  r.headers.clear();
  r.url = "hf.co/no-scheme";
  EXPECT_FALSE(validate(r));
}

}  // namespace
}  // namespace hf2ms::http
