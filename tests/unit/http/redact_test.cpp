#include "http/redact.hpp"

#include <gtest/gtest.h>

namespace hf2ms::http {
namespace {

TEST(Redact, MasksSignedUrlQueryValues) {
  EXPECT_EQ(redact_url("https://s3.example/bucket/obj?X-Amz-Algorithm=AWS4&X-Amz-Credential=AK%2F1"
                       "&X-Amz-Signature=deadbeef&X-Amz-Security-Token=tok&partNumber=3"),
            "https://s3.example/bucket/obj?X-Amz-Algorithm=AWS4&X-Amz-Credential=***"
            "&X-Amz-Signature=***&X-Amz-Security-Token=***&partNumber=3");
}

TEST(Redact, MasksTokenAndSigParameters) {
  EXPECT_EQ(
      redact_url("https://cdn.hf.co/x?Expires=1&Signature=abc&Key-Pair-Id=K&token=hf_x&sig=s"),
      "https://cdn.hf.co/x?Expires=1&Signature=***&Key-Pair-Id=K&token=***&sig=***");
  EXPECT_EQ(redact_url("http://h/p?access_token=a&page=2"), "http://h/p?access_token=***&page=2");
}

TEST(Redact, KeepsPlainUrlsAndDropsUserinfoAndFragment) {
  EXPECT_EQ(redact_url("https://hf.co/api/models/a/b/tree/main?recursive=true"),
            "https://hf.co/api/models/a/b/tree/main?recursive=true");
  EXPECT_EQ(redact_url("https://user:pw@hf.co/p#frag"), "https://hf.co/p");
  EXPECT_EQ(redact_url("https://hf.co/p?flag&token="), "https://hf.co/p?flag&token=***");
}

TEST(Redact, MessagesDropTheWholeQuery) {
  EXPECT_EQ(redact_url_for_message("https://cdn/x?X-Amz-Signature=ab&part=1"), "https://cdn/x?***");
  EXPECT_EQ(redact_url_for_message("https://u:p@cdn/x#frag"), "https://cdn/x");
  EXPECT_EQ(redact_url_for_message("https://hf.co/api/models/a"), "https://hf.co/api/models/a");
}

TEST(Redact, MasksCredentialHeaders) {
  EXPECT_EQ(redact_header("Authorization", "Bearer hf_abc"), "***");
  EXPECT_EQ(redact_header("cookie", "m_session_id=abc"), "***");
  EXPECT_EQ(redact_header("SET-COOKIE", "a=b"), "***");
  EXPECT_EQ(redact_header("Proxy-Authorization", "Basic x"), "***");
  EXPECT_EQ(redact_header("Content-Type", "application/json"), "application/json");
}

TEST(Redact, MasksSignedUrlsInLocationAndLinkHeaders) {
  EXPECT_EQ(redact_header("location", "https://cdn/x?X-Amz-Signature=s&a=1"),
            "https://cdn/x?X-Amz-Signature=***&a=1");
  EXPECT_EQ(redact_header("Link",
                          "<https://h/p?token=t>; rel=\"xet-auth\", <https://h/q?page=2>; "
                          "rel=\"next\""),
            "<https://h/p?token=***>; rel=\"xet-auth\", <https://h/q?page=2>; rel=\"next\"");
}

}  // namespace
}  // namespace hf2ms::http
