// HF2MS_ASSERT(cond): the channel for bugs. On in every build type; prints the file, line and
// condition to stderr and aborts. Never use it for something that can happen in production
// (bad input, network failures): those are Diagnostics or Error values.
#pragma once

namespace hf2ms::detail {
[[noreturn]] void assert_failed(const char* condition, const char* file, int line) noexcept;
}  // namespace hf2ms::detail

#define HF2MS_ASSERT(cond) \
  ((cond) ? static_cast<void>(0) : ::hf2ms::detail::assert_failed(#cond, __FILE__, __LINE__))
