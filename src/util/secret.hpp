// Secret: a credential (hub token) that cannot leak by accident. It prints as "***" when
// streamed or formatted; the real value is only reachable through reveal(), which the HTTP
// layer calls when it builds an Authorization header and nowhere else.
#pragma once

#include <ostream>
#include <string>
#include <utility>

namespace hf2ms {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  [[nodiscard]] bool empty() const { return value_.empty(); }
  // The credential itself. Grep for reveal() to audit every place a token is used.
  [[nodiscard]] const std::string& reveal() const { return value_; }
  bool operator==(const Secret&) const = default;

 private:
  std::string value_;
};

inline std::ostream& operator<<(std::ostream& os, const Secret&) { return os << "***"; }

}  // namespace hf2ms
