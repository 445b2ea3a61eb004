// check_download_answer: whether a 2xx answer to a source download holds the bytes that were
// asked for, decided from its status and headers before any byte is used (real-hub-limits.md
// HF §4, protocols/huggingface-hub.md §6.2). Every download of the transfer engine goes
// through it: HF /resolve/ and its CDN or resolve-cache redirects, the Git LFS batch href,
// ModelScope's file route.
//
// - 206: its Content-Range must start at the asked offset and end where the asked range (or,
//   open-ended, the file) ends; a total, when given, must be the plan's size.
// - 200 (a server or CDN that ignored Range): the whole file from byte 0, so the bytes before
//   the asked offset are skipped, never appended; a Content-Length must be the plan's size.
// - anything else (206 without a usable Content-Range, another 2xx): an error.
// A size that differs from the plan's is invalid_input (the source is not what was planned);
// a wrong range is transient (a misbehaving cache: asking again may help). Pure.
#pragma once

#include "http/headers.hpp"
#include "hub/hub.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <optional>

namespace hf2ms::transfer {

struct AnswerExtent {
  std::uint64_t skip = 0;  // leading bytes of the body before the asked offset
  std::uint64_t end = 0;   // file offset one past the body's last byte
  bool operator==(const AnswerExtent&) const = default;
};

// `asked`: the range sent (nullopt: the whole file); `file_size`: the plan's size.
[[nodiscard]] Result<AnswerExtent> check_download_answer(const std::optional<hub::ByteRange>& asked,
                                                         std::uint64_t file_size, int status,
                                                         const http::Headers& headers);

}  // namespace hf2ms::transfer
