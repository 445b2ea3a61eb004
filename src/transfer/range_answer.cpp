#include "transfer/range_answer.hpp"

#include "http/content_range.hpp"

#include <charconv>
#include <string>

namespace hf2ms::transfer {
namespace {

std::optional<std::uint64_t> content_length(const http::Headers& headers) {
  const auto value = headers.get("Content-Length");
  if (!value) {
    return std::nullopt;
  }
  std::uint64_t n = 0;
  const auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
  if (ec != std::errc() || ptr != value->data() + value->size()) {
    return std::nullopt;
  }
  return n;
}

Error size_differs(std::string_view what, std::uint64_t got, std::uint64_t file_size) {
  return make_error(ErrorKind::invalid_input, std::string(what) + std::to_string(got) +
                                                  " bytes; the plan's size is " +
                                                  std::to_string(file_size));
}

std::string span_text(std::uint64_t first, std::uint64_t end) {
  return std::to_string(first) + "-" + (end == 0 ? std::string("?") : std::to_string(end - 1));
}

}  // namespace

Result<AnswerExtent> check_download_answer(const std::optional<hub::ByteRange>& asked,
                                           std::uint64_t file_size, int status,
                                           const http::Headers& headers) {
  const std::uint64_t offset = asked ? asked->offset : 0;
  const std::uint64_t end =
      asked && asked->length && *asked->length > 0 ? offset + *asked->length : file_size;
  if (status == 200) {
    if (const auto length = content_length(headers); length && *length != file_size) {
      return unexpected(size_differs("the source answered the whole file as ", *length, file_size));
    }
    return AnswerExtent{offset, file_size};
  }
  if (status != 206) {
    return unexpected(make_error(ErrorKind::transient,
                                 "HTTP " + std::to_string(status) + " is not a download answer",
                                 status));
  }
  const std::string raw = headers.get("Content-Range").value_or("");
  const auto range = http::parse_content_range(raw);
  if (!range) {
    return unexpected(make_error(
        ErrorKind::transient,
        "a 206 answer without a usable Content-Range (\"" + raw.substr(0, 80) + "\")", status));
  }
  if (range->total && *range->total != file_size) {
    return unexpected(size_differs("the source file is ", *range->total, file_size));
  }
  if (range->first != offset || end == 0 || range->last != end - 1) {
    return unexpected(
        make_error(ErrorKind::transient,
                   "asked for bytes " + span_text(offset, end) + ", the 206 answer holds bytes " +
                       std::to_string(range->first) + "-" + std::to_string(range->last),
                   status));
  }
  return AnswerExtent{0, end};
}

}  // namespace hf2ms::transfer
