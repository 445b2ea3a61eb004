#include "transfer/samples.hpp"

#include "http/error_map.hpp"

#include <algorithm>
#include <optional>

namespace hf2ms::transfer {

Result<void> fetch_samples(http::Engine& engine, const hub::HubReader& source,
                           const hub::RepoKey& key, const std::string& commit,
                           std::span<hub::StagedFile> files) {
  std::optional<Error> first_error;
  for (hub::StagedFile& file : files) {
    const std::uint64_t want = std::min<std::uint64_t>(file.size, k_sample_bytes);
    if (want == 0) {
      continue;
    }
    http::Request request =
        source.download_request(key, commit, file.path, hub::ByteRange{0, want});
    // A server that ignores Range sends the whole file: stop once the sample is complete.
    request.consumer = [&file, want](std::string_view chunk) {
      const std::size_t room = static_cast<std::size_t>(want) - file.sample.size();
      if (room == 0) {
        return http::Flow::abort;
      }
      file.sample.append(chunk.substr(0, std::min(room, chunk.size())));
      return http::Flow::more;
    };
    auto id = engine.submit(std::move(request), [&file, &first_error, want](http::Response r) {
      if (file.sample.size() < want && !first_error) {
        first_error = http::to_error(http::Method::get, r);
        first_error->message = "reading the start of " + file.path + ": " + first_error->message;
      }
    });
    if (!id) {
      return unexpected(id.error());
    }
  }
  if (auto ran = engine.run(); !ran) {
    return unexpected(ran.error());
  }
  if (first_error) {
    return unexpected(*first_error);
  }
  return {};
}

}  // namespace hf2ms::transfer
