// FileStream, upload side: part uploads fed from the queues, their failures and redo, and the
// HF multipart completion.
#include "http/error_map.hpp"
#include "hub/upload.hpp"
#include "transfer/file_stream.hpp"
#include "util/assert.hpp"
#include "util/log.hpp"

#include <algorithm>
#include <cstring>

namespace hf2ms::transfer {

void FileStream::wake_part(std::size_t p) {
  Part& part = parts_[p];
  if (failed_ || part.done || part.lost) {
    return;
  }
  if (!part.uploading) {
    // Start only once there are bytes to send (or none are needed), so an upload never holds
    // a connection while its source has not started.
    if (!part.queue.empty() || (part.length == 0 && verified_)) {
      submit_upload(p);
    }
    return;
  }
  if (part.paused) {
    part.paused = false;
    setup_.engine->resume(part.upload_id);
  }
}

void FileStream::submit_upload(std::size_t p) {
  Part& part = parts_[p];
  ++part.generation;
  part.produced = 0;
  part.paused = false;
  const std::uint64_t generation = part.generation;
  http::BodyProducer producer;
  producer.produce = [this, p, generation](std::span<char> out) {
    return produce(p, generation, out);
  };
  // Nothing sent yet: the engine may start over (a retry or a 307) from the same queue.
  producer.rewind = [this, p, generation] {
    return parts_[p].generation == generation && parts_[p].produced == 0;
  };
  http::Request request = hub::with_body(setup_.upload.parts[p], std::move(producer));
  auto id =
      setup_.engine->submit(std::move(request), [this, p, generation](http::Response response) {
        --outstanding_;
        on_upload_done(p, generation, response);
      });
  if (!id) {
    fail(id.error());
    return;
  }
  ++outstanding_;
  part.upload_id = *id;
  part.uploading = true;
  ++part.attempts;
}

// How many bytes of `part` may be sent now. The object's last byte waits until the whole file
// (and, after a re-read, the part) verified, so storage that accepts a single PUT never
// receives a complete object with the wrong bytes.
std::uint64_t FileStream::releasable(const Part& part) const {
  if (&part != &parts_.back() || part.length == 0) {
    return part.length;
  }
  const bool part_ok = !part.in_redo || part.redo_digest.has_value();
  return verified_ && part_ok ? part.length : part.length - 1;
}

http::BodyProducer::Chunk FileStream::produce(std::size_t p, std::uint64_t generation,
                                              std::span<char> out) {
  Part& part = parts_[p];
  if (failed_ || generation != part.generation) {
    return {0, http::Flow::abort};
  }
  const std::uint64_t allowed = releasable(part) - part.produced;
  std::size_t n = 0;
  while (n < out.size() && n < allowed && !part.queue.empty()) {
    Block& block = part.queue.front();
    const std::size_t k = static_cast<std::size_t>(
        std::min<std::uint64_t>({out.size() - n, block.size - block.read, allowed - n}));
    std::memcpy(out.data() + n, block.data.get() + block.read, k);
    block.read += k;
    n += k;
    if (block.read == block.size) {
      auto data = std::move(block.data);
      part.queue.pop_front();
      release_block(std::move(data));
    }
  }
  part.produced += n;
  if (n == 0 && part.produced < part.length) {
    part.paused = true;
    return {0, http::Flow::pause};
  }
  return {n, http::Flow::more};
}

void FileStream::on_upload_done(std::size_t p, std::uint64_t generation,
                                const http::Response& response) {
  Part& part = parts_[p];
  if (generation != part.generation) {
    return;
  }
  part.uploading = false;
  part.paused = false;
  if (failed_) {
    return;
  }
  if (auto failure = hub::upload_failure(response)) {
    on_part_failed(p, std::move(*failure));
    return;
  }
  if (setup_.upload.completion_url) {
    auto etag = hub::part_etag(response);
    if (!etag) {
      fail(etag.error());
      return;
    }
    part.etag = std::move(*etag);
  }
  part.done = true;
  drop_queue(part);
  maybe_complete();
}

void FileStream::on_part_failed(std::size_t p, Error error) {
  Part& part = parts_[p];
  drop_queue(part);
  if (!is_retryable(error.kind) || part.attempts >= setup_.max_attempts) {
    error.message = "upload of " + setup_.file.path + " (part " + std::to_string(p + 1) + " of " +
                    std::to_string(parts_.size()) + "): " + error.message;
    fail(std::move(error));
    return;
  }
  log::info("hf2ms: re-reading part " + std::to_string(p + 1) + " of " + setup_.file.path +
            " after: " + error.message);
  // The redo compares its bytes with the first read's digest, which needs the main feed to
  // have passed the end of the part.
  if (feeds_.front().pos >= part.offset + part.length && part.first_digest) {
    start_redo(p);
  } else {
    part.lost = true;
    part.redo_pending = true;
  }
}

void FileStream::maybe_complete() {
  if (failed_ || done_ || completing_ || !verified_) {
    return;
  }
  std::vector<std::string> etags;
  for (const Part& part : parts_) {
    if (!part.done) {
      return;
    }
    etags.push_back(part.etag.value_or(""));
  }
  if (!setup_.upload.completion_url) {
    finish_stored();
    return;
  }
  send_closing(hub::completion_request(setup_.upload, etags), "multipart completion",
               &FileStream::finish_stored);
}

void FileStream::send_closing(http::Request request, std::string what, void (FileStream::*then)()) {
  completing_ = true;
  auto id = setup_.engine->submit(
      std::move(request), [this, what = std::move(what), then](http::Response response) {
        --outstanding_;
        completing_ = false;
        if (auto failure = hub::upload_failure(response)) {
          failure->message = what + " of " + setup_.file.path + ": " + failure->message;
          fail(std::move(*failure));
          return;
        }
        (this->*then)();
      });
  if (!id) {
    fail(id.error());
    return;
  }
  ++outstanding_;
}

void FileStream::finish_stored() {
  if (!setup_.upload.verify) {
    mark_done();
    return;
  }
  send_closing(*setup_.upload.verify, "LFS verify", &FileStream::mark_done);
}

void FileStream::mark_done() { done_ = true; }

}  // namespace hf2ms::transfer
