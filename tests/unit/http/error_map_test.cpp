#include "http/error_map.hpp"

#include <gtest/gtest.h>

namespace hf2ms::http {
namespace {

TEST(ErrorMap, ClassifiesStatuses) {
  EXPECT_EQ(classify(Transport::none, 400), ErrorKind::invalid_input);
  EXPECT_EQ(classify(Transport::none, 401), ErrorKind::unauthorized);
  EXPECT_EQ(classify(Transport::none, 403), ErrorKind::unauthorized);
  EXPECT_EQ(classify(Transport::none, 404), ErrorKind::not_found);
  EXPECT_EQ(classify(Transport::none, 409), ErrorKind::conflict);
  EXPECT_EQ(classify(Transport::none, 412), ErrorKind::conflict);
  EXPECT_EQ(classify(Transport::none, 429), ErrorKind::rate_limited);
  EXPECT_EQ(classify(Transport::none, 408), ErrorKind::transient);
  EXPECT_EQ(classify(Transport::none, 503), ErrorKind::transient);
  EXPECT_EQ(classify(Transport::none, 302), ErrorKind::internal);
}

TEST(ErrorMap, TransportFailuresWinOverStatus) {
  EXPECT_EQ(classify(Transport::dropped, 200), ErrorKind::transient);
  EXPECT_EQ(classify(Transport::timeout, 0), ErrorKind::transient);
  EXPECT_EQ(classify(Transport::connect, 0), ErrorKind::transient);
  EXPECT_EQ(classify(Transport::tls, 0), ErrorKind::internal);
  EXPECT_EQ(classify(Transport::aborted, 0), ErrorKind::io);
}

TEST(ErrorMap, ErrorCarriesStatusWaitAndRedactedUrl) {
  Response r;
  r.status = 429;
  r.url = "https://cdn/x?X-Amz-Signature=secret";
  r.headers.add("Retry-After", "12");
  const Error e = to_error(Method::get, r);
  EXPECT_EQ(e.kind, ErrorKind::rate_limited);
  EXPECT_EQ(e.http_status, 429);
  EXPECT_EQ(e.retry_after_seconds, 12.0);
  EXPECT_EQ(e.message, "GET https://cdn/x?***: HTTP 429");
  EXPECT_FALSE(is_success(r));
  r.status = 204;
  EXPECT_TRUE(is_success(r));
}

}  // namespace
}  // namespace hf2ms::http
