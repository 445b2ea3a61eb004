// FileStream, feed side: source downloads, hashing, verification and the block budget.
#include "transfer/file_stream.hpp"

#include "http/error_map.hpp"
#include "transfer/engine.hpp"
#include "util/assert.hpp"
#include "util/log.hpp"

#include <algorithm>
#include <cstring>

namespace hf2ms::transfer {

FileStream::FileStream(StreamSetup setup) : setup_(std::move(setup)) {
  HF2MS_ASSERT(setup_.engine != nullptr && setup_.source != nullptr);
  HF2MS_ASSERT(setup_.file.sha256.has_value() && !setup_.upload.parts.empty());
  const std::size_t block = std::max<std::size_t>(setup_.block_bytes, 4096);
  setup_.block_bytes = block;
  // Room for at least one curl write (≤ 16 KiB... 512 KiB) spread over a part boundary.
  max_blocks_ = std::max<std::size_t>(setup_.budget_bytes / block, 4);
  if (setup_.preloaded) {  // the bytes are in memory already: queue them all at once
    max_blocks_ = std::max<std::size_t>(max_blocks_, setup_.preloaded->size() / block + 4);
  }
  for (const hub::UploadPart& p : setup_.upload.parts) {
    Part part;
    part.offset = p.offset;
    part.length = p.length;
    parts_.push_back(std::move(part));
  }
}

FileStream::~FileStream() = default;

void FileStream::start() {
  auto sha = hashing::Sha256::create();
  if (!sha) {
    fail(sha.error());
    return;
  }
  sha_ = std::move(*sha);
  auto git = hashing::GitBlobSha1::create(setup_.file.size);
  if (!git) {
    fail(git.error());
    return;
  }
  git_ = std::move(*git);
  for (Part& part : parts_) {
    part.hash = hashing::Xxh3_128::create().value();
  }
  feeds_.push_back(Feed{0, setup_.file.size, 0, std::nullopt});
  if (setup_.file.size == 0) {
    on_main_complete();  // nothing to read; empty parts upload once verified
    for (std::size_t p = 0; p < parts_.size(); ++p) {
      on_part_fed(p, true);
      wake_part(p);
    }
    return;
  }
  if (setup_.preloaded) {
    const std::shared_ptr<const std::string> bytes = std::move(setup_.preloaded);
    on_feed_bytes(0, *bytes);  // never pauses: max_blocks_ holds the whole file
    maybe_complete();
    return;
  }
  submit_feed(0);
}

bool FileStream::finished() const { return (done_ || failed_) && outstanding_ == 0; }

StreamOutcome FileStream::outcome() const {
  return StreamOutcome{done_ && !failed_, bytes_, sha256_, git_oid_, error_};
}

std::size_t FileStream::part_at(std::uint64_t pos) const {
  auto it = std::upper_bound(parts_.begin(), parts_.end(), pos,
                             [](std::uint64_t v, const Part& p) { return v < p.offset; });
  HF2MS_ASSERT(it != parts_.begin());
  return static_cast<std::size_t>(std::distance(parts_.begin(), it) - 1);
}

void FileStream::submit_feed(std::size_t f) {
  Feed& feed = feeds_[f];
  std::optional<hub::ByteRange> range;
  if (feed.pos != 0 || feed.end != setup_.file.size) {
    range = hub::ByteRange{feed.pos, feed.end - feed.pos};
  }
  auto request = feed_request(range);
  if (!request) {
    Error error = request.error();
    error.message = "download of " + setup_.file.path + ": " + error.message;
    fail(std::move(error));
    return;
  }
  request->accept_head = [this, f, range](int status, const http::Headers& headers) {
    return on_feed_head(f, range, status, headers);
  };
  request->consumer = [this, f](std::string_view data) { return on_feed_bytes(f, data); };
  auto id = setup_.engine->submit(std::move(*request), [this, f](http::Response response) {
    --outstanding_;
    on_feed_done(f, response);
  });
  if (!id) {
    fail(id.error());
    return;
  }
  ++outstanding_;
  feed.id = *id;
  feed.active = true;
  feed.paused = false;
  feed.skip = 0;
  feed.answer_end = 0;
  feed.refused.reset();
  feed.via_lfs_batch = lfs_batch_.has_value();
  ++feed.attempts;
}

bool FileStream::has_room(std::size_t bytes) const {
  if (blocks_in_use_ == 0) {
    return true;  // always make progress, whatever the block size
  }
  const std::size_t needed = bytes / setup_.block_bytes + 2;
  return blocks_in_use_ + needed <= max_blocks_;
}

http::Flow FileStream::on_feed_bytes(std::size_t f, std::string_view data) {
  Feed& feed = feeds_[f];
  if (failed_ || feed.cancelled) {
    return http::Flow::abort;
  }
  // A whole-file answer to a ranged request: bytes before `pos` are dropped, never used.
  const auto skipped = static_cast<std::size_t>(std::min<std::uint64_t>(feed.skip, data.size()));
  std::string_view body = data.substr(skipped);
  if (body.size() > feed.end - feed.pos) {
    if (feed.answer_end <= feed.end) {
      fail(make_error(ErrorKind::invalid_input, "the source sent more bytes than the plan's size " +
                                                    std::to_string(setup_.file.size)));
      return http::Flow::abort;
    }
    body = body.substr(0, static_cast<std::size_t>(feed.end - feed.pos));  // the rest: unneeded
  }
  if (!body.empty() && !has_room(body.size())) {
    feed.paused = true;  // the same bytes come again: nothing is consumed yet
    return http::Flow::pause;
  }
  feed.skip -= skipped;
  if (!feed.redo_part) {
    sha_->update(body);
    git_->update(body);
    bytes_ += body.size();
    if (setup_.observer != nullptr && !body.empty()) {
      setup_.observer->on_bytes(setup_.mirror, setup_.file.path, body.size());
    }
  }
  while (!body.empty()) {
    const std::size_t p = part_at(feed.pos);
    const Part& part = parts_[p];
    const std::size_t n = static_cast<std::size_t>(
        std::min<std::uint64_t>(body.size(), part.offset + part.length - feed.pos));
    feed_part(feed, p, body.substr(0, n));
    body.remove_prefix(n);
  }
  if (!feed.redo_part && feed.pos == feed.end) {
    on_main_complete();
  }
  if (failed_ || (feed.pos == feed.end && feed.answer_end > feed.end)) {
    return http::Flow::abort;  // done with this feed: stop reading the rest of the file
  }
  return http::Flow::more;
}

void FileStream::feed_part(Feed& feed, std::size_t p, std::string_view bytes) {
  Part& part = parts_[p];
  const bool main_feed = !feed.redo_part;
  HF2MS_ASSERT(main_feed || *feed.redo_part == p);
  part.hash->update(bytes);
  feed.pos += bytes.size();
  // The main feed keeps hashing a part whose first upload failed (its redo compares against
  // that digest) but no longer queues its bytes.
  if (!(main_feed && (part.lost || part.done))) {
    append(part, bytes);
    wake_part(p);
  }
  if (feed.pos == part.offset + part.length) {
    on_part_fed(p, main_feed);
  }
}

void FileStream::on_part_fed(std::size_t p, bool main_feed) {
  Part& part = parts_[p];
  const hashing::Xxh3_128::Digest digest = part.hash->finish();
  if (main_feed) {
    part.first_digest = digest;
    if (part.redo_pending) {
      start_redo(p);
    }
  } else {
    part.redo_digest = digest;
    if (digest != part.first_digest) {
      fail(make_error(ErrorKind::transient, "the source sent different bytes for part " +
                                                std::to_string(p + 1) + " on a second read"));
      return;
    }
    wake_part(p);  // the held-back last byte may go now
  }
}

void FileStream::on_main_complete() {
  const std::string sha = sha_->finish_hex();
  sha256_ = sha;
  git_oid_ = git_->finish_hex();
  if (sha != *setup_.file.sha256) {
    fail(make_error(ErrorKind::invalid_input, "SHA-256 of the source bytes is " + sha +
                                                  ", the plan expects " + *setup_.file.sha256));
    return;
  }
  verified_ = true;
  wake_part(parts_.size() - 1);  // release the last byte
  maybe_complete();
}

void FileStream::on_feed_done(std::size_t f, const http::Response& response) {
  Feed& feed = feeds_[f];
  feed.active = false;
  if (failed_ || feed.cancelled || feed.pos == feed.end) {
    maybe_complete();
    return;
  }
  if (feed.refused) {  // a 2xx that is not the asked range: none of its bytes was used
    Error error = *feed.refused;
    feed.refused.reset();
    retry_or_fail(f, std::move(error));
    return;
  }
  if (http::is_success(response)) {
    // A complete answer that ended early: the source file is shorter than the plan says.
    fail(make_error(ErrorKind::invalid_input,
                    "the source file ended after " + std::to_string(feed.pos) +
                        " bytes; the plan's size is " + std::to_string(setup_.file.size)));
    return;
  }
  // An href's answer is the storage's, not the hub's: the HTTP layer's mapping reads it.
  hub::DownloadRefusal refusal =
      feed.via_lfs_batch ? hub::DownloadRefusal{http::to_error(http::Method::get, response)}
                         : setup_.source->download_error(response);
  if (refusal.storage_locked) {
    on_storage_locked(f, std::move(refusal.error));
    return;
  }
  retry_or_fail(f, std::move(refusal.error));
}

void FileStream::retry_or_fail(std::size_t f, Error error) {
  Feed& feed = feeds_[f];
  if (!is_retryable(error.kind) || feed.attempts >= setup_.max_attempts) {
    error.message = "download of " + setup_.file.path + ": " + error.message;
    fail(std::move(error));
    return;
  }
  log::info("hf2ms: resuming " + setup_.file.path + " at byte " + std::to_string(feed.pos) +
            " after: " + error.message);
  submit_feed(f);  // a Range request from where it broke
}

void FileStream::start_redo(std::size_t p) {
  Part& part = parts_[p];
  part.redo_pending = false;
  for (Feed& feed : feeds_) {  // an earlier redo of this part is obsolete
    if (feed.redo_part == p && !feed.cancelled) {
      feed.cancelled = true;  // also one waiting for the Git LFS batch answer
      if (feed.active) {
        setup_.engine->resume(feed.id);
      }
    }
  }
  part.hash = hashing::Xxh3_128::create().value();
  part.redo_digest.reset();
  part.in_redo = true;
  part.lost = false;
  feeds_.push_back(Feed{part.offset, part.offset + part.length, part.offset, p});
  if (part.length == 0) {
    on_part_fed(p, false);
    return;
  }
  submit_feed(feeds_.size() - 1);
}

void FileStream::resume_feeds() {
  for (Feed& feed : feeds_) {
    if (feed.active && feed.paused) {
      feed.paused = false;
      setup_.engine->resume(feed.id);
    }
  }
}

void FileStream::fail(Error error) {
  if (failed_) {
    return;
  }
  failed_ = true;
  error_ = std::move(error);
  log::info("hf2ms: " + setup_.file.path + " failed: " + error_.message);
  // Paused transfers must run once more to see the failure and abort.
  for (Feed& feed : feeds_) {
    if (feed.active) {
      feed.cancelled = true;
      setup_.engine->resume(feed.id);
    }
  }
  for (Part& part : parts_) {
    drop_queue(part);
    if (part.uploading) {
      setup_.engine->resume(part.upload_id);
    }
  }
}

std::unique_ptr<char[]> FileStream::acquire_block() {
  ++blocks_in_use_;
  if (!free_blocks_.empty()) {
    auto block = std::move(free_blocks_.back());
    free_blocks_.pop_back();
    return block;
  }
  return std::make_unique<char[]>(setup_.block_bytes);  // NOLINT(modernize-avoid-c-arrays)
}

void FileStream::release_block(std::unique_ptr<char[]> block) {
  HF2MS_ASSERT(blocks_in_use_ > 0);
  --blocks_in_use_;
  free_blocks_.push_back(std::move(block));
  resume_feeds();
}

void FileStream::append(Part& part, std::string_view bytes) {
  while (!bytes.empty()) {
    if (part.queue.empty() || part.queue.back().size == setup_.block_bytes) {
      part.queue.push_back(Block{acquire_block(), 0, 0});
    }
    Block& tail = part.queue.back();
    const std::size_t n = std::min(bytes.size(), setup_.block_bytes - tail.size);
    std::memcpy(tail.data.get() + tail.size, bytes.data(), n);
    tail.size += n;
    bytes.remove_prefix(n);
  }
}

void FileStream::drop_queue(Part& part) {
  while (!part.queue.empty()) {
    release_block(std::move(part.queue.front().data));
    part.queue.pop_front();
  }
}

}  // namespace hf2ms::transfer
