// FileStream, source side: which request reads the source (the hub's download, or the Git LFS
// batch href once the source repo's storage is locked), and whether an answer holds the bytes
// a feed asked for before any of them is used (range_answer.hpp).
#include "http/error_map.hpp"
#include "transfer/file_stream.hpp"
#include "transfer/range_answer.hpp"
#include "util/log.hpp"

namespace hf2ms::transfer {

Result<http::Request> FileStream::feed_request(const std::optional<hub::ByteRange>& range) const {
  if (lfs_batch_) {
    return setup_.source->lfs_download_request(*lfs_batch_, {*setup_.file.sha256, setup_.file.size},
                                               range);
  }
  return setup_.source->download_request(setup_.source_key, setup_.source_commit, setup_.file.path,
                                         range);
}

bool FileStream::on_feed_head(std::size_t f, const std::optional<hub::ByteRange>& asked, int status,
                              const http::Headers& headers) {
  Feed& feed = feeds_[f];
  auto extent = check_download_answer(asked, setup_.file.size, status, headers);
  if (!extent) {
    feed.refused = extent.error();
    return false;
  }
  feed.skip = extent->skip;
  feed.answer_end = extent->end;
  if (extent->skip > 0) {
    log::info("hf2ms: the source ignored Range for " + setup_.file.path + " (HTTP " +
              std::to_string(status) + "): skipping its first " + std::to_string(extent->skip) +
              " bytes");
  }
  return true;
}

void FileStream::on_storage_locked(std::size_t f, Error error) {
  if (!setup_.file.source_lfs) {
    error.message = "download of " + setup_.file.path + ": " + error.message +
                    " (the source repo's storage is locked; only LFS files can still be read, "
                    "through the Git LFS batch API, and this is a regular file)";
    fail(std::move(error));
    return;
  }
  if (lfs_batch_) {  // a read sent before another one switched this file to the batch href
    feeds_[f].attempts = 0;
    submit_feed(f);
    return;
  }
  locked_waiting_.push_back(f);
  if (lfs_batch_pending_) {
    return;
  }
  auto batch = setup_.source->lfs_download_batch_request(setup_.source_key,
                                                         {*setup_.file.sha256, setup_.file.size});
  if (!batch) {
    error.message = "download of " + setup_.file.path + ": " + error.message +
                    " (storage locked, and the source hub has no Git LFS batch API)";
    fail(std::move(error));
    return;
  }
  auto id = setup_.engine->submit(std::move(*batch), [this](http::Response response) {
    --outstanding_;
    on_lfs_batch_done(response);
  });
  if (!id) {
    fail(id.error());
    return;
  }
  ++outstanding_;
  lfs_batch_pending_ = true;
}

void FileStream::on_lfs_batch_done(const http::Response& response) {
  lfs_batch_pending_ = false;
  if (failed_) {
    return;
  }
  // Checked now, so a bad answer fails once with the batch's own error.
  auto probe = setup_.source->lfs_download_request(
      response, {*setup_.file.sha256, setup_.file.size}, std::nullopt);
  if (!probe) {
    Error error = probe.error();
    error.message =
        "download of " + setup_.file.path +
        " through the Git LFS batch API (the source's storage is locked): " + error.message;
    fail(std::move(error));
    return;
  }
  log::info("hf2ms: the source repo's storage is locked; reading " + setup_.file.path +
            " through the Git LFS batch API");
  lfs_batch_ = response;
  std::vector<std::size_t> waiting = std::move(locked_waiting_);
  locked_waiting_.clear();
  for (std::size_t f : waiting) {
    if (!feeds_[f].cancelled && !failed_) {
      feeds_[f].attempts = 0;  // the refusal was no failed attempt of the new source
      submit_feed(f);
    }
  }
}

}  // namespace hf2ms::transfer
