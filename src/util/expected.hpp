// Expected<T, E>: a value or an error, the return type of every fallible edge operation.
// C++20 has no std::expected, so this is a small stand-in over std::variant with the same
// member names (has_value, value, error, operator*, operator->, unexpected()). Moving to
// C++23 is an alias swap. Accessing the wrong alternative is a bug and trips HF2MS_ASSERT.
#pragma once

#include "util/assert.hpp"

#include <type_traits>
#include <utility>
#include <variant>

namespace hf2ms {

template <class E>
class Unexpected {
 public:
  explicit Unexpected(E e) : error_(std::move(e)) {}
  E& error() & { return error_; }
  const E& error() const& { return error_; }
  E&& error() && { return std::move(error_); }

 private:
  E error_;
};

template <class E>
Unexpected<std::decay_t<E>> unexpected(E&& e) {
  return Unexpected<std::decay_t<E>>(std::forward<E>(e));
}

template <class T, class E>
class [[nodiscard]] Expected {
 public:
  Expected() requires std::is_default_constructible_v<T> : v_(std::in_place_index<0>) {}
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  template <class G>
  Expected(Unexpected<G> u)  // NOLINT: implicit, like std::expected
      : v_(std::in_place_index<1>, E(std::move(u).error())) {}

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return checked_value(); }
  const T& value() const& { return const_cast<Expected*>(this)->checked_value(); }
  T&& value() && { return std::move(checked_value()); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(checked_value()); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  E& error() & { return checked_error(); }
  const E& error() const& { return const_cast<Expected*>(this)->checked_error(); }
  E&& error() && { return std::move(checked_error()); }

  template <class U>
  T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(v_) : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  T& checked_value() {
    HF2MS_ASSERT(has_value());
    return std::get<0>(v_);
  }
  E& checked_error() {
    HF2MS_ASSERT(!has_value());
    return std::get<1>(v_);
  }
  std::variant<T, E> v_;
};

// Expected<void, E>: success carries no value.
template <class E>
class [[nodiscard]] Expected<void, E> {
 public:
  Expected() = default;
  template <class G>
  Expected(Unexpected<G> u) : error_(E(std::move(u).error())), has_error_(true) {}  // NOLINT

  bool has_value() const { return !has_error_; }
  explicit operator bool() const { return has_value(); }
  void value() const { HF2MS_ASSERT(has_value()); }
  E& error() & {
    HF2MS_ASSERT(has_error_);
    return error_;
  }
  const E& error() const& {
    HF2MS_ASSERT(has_error_);
    return error_;
  }
  E&& error() && {
    HF2MS_ASSERT(has_error_);
    return std::move(error_);
  }

 private:
  E error_{};
  bool has_error_ = false;
};

}  // namespace hf2ms
