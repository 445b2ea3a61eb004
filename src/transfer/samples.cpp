#include "transfer/samples.hpp"

#include "transfer/range_answer.hpp"
#include "util/log.hpp"

#include <algorithm>
#include <optional>
#include <vector>

namespace hf2ms::transfer {

Result<void> fetch_samples(http::Engine& engine, const hub::HubReader& source,
                           const hub::RepoKey& key, const std::string& commit,
                           std::span<hub::StagedFile> files) {
  std::optional<Error> first_error;
  // Why an answer's head was refused (range_answer.hpp), per file; read after engine.run().
  std::vector<std::optional<Error>> refused(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    hub::StagedFile& file = files[i];
    const std::uint64_t want = std::min<std::uint64_t>(file.size, k_sample_bytes);
    if (want == 0) {
      continue;
    }
    const hub::ByteRange range{0, want};
    http::Request request = source.download_request(key, commit, file.path, range);
    request.accept_head = [&refusal = refused[i], range, size = file.size](
                              int status, const http::Headers& headers) {
      auto extent = check_download_answer(range, size, status, headers);
      if (!extent) {
        refusal = extent.error();
      }
      return extent.has_value();
    };
    // A server that ignores Range sends the whole file: stop once the sample is complete.
    request.consumer = [&file, want](std::string_view chunk) {
      const std::size_t room = static_cast<std::size_t>(want) - file.sample.size();
      if (room == 0) {
        return http::Flow::abort;
      }
      file.sample.append(chunk.substr(0, std::min(room, chunk.size())));
      return http::Flow::more;
    };
    auto id = engine.submit(std::move(request), [&file, &first_error, &refusal = refused[i], want,
                                                 &source](http::Response r) {
      if (file.sample.size() >= want || first_error) {
        return;
      }
      hub::DownloadRefusal failure{refusal.value_or(Error{}), false};
      if (!refusal) {
        failure = source.download_error(r);
      }
      if (failure.storage_locked) {
        // The transfer reads LFS files another way (file_stream_source.cpp) and reports the
        // regular ones; the hub decides without a sample.
        log::info("hf2ms: no sample of " + file.path + ": the source repo's storage is locked");
        file.sample.clear();
        return;
      }
      first_error = std::move(failure.error);
      first_error->message = "reading the start of " + file.path + ": " + first_error->message;
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
