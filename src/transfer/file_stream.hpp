// FileStream: one LFS object on its way from a source download into a target upload, the
// state machine behind run_task (engine.hpp, docs/adr/0002-streaming-transfer.md).
//
// Feeds (source downloads) push bytes into the parts' queues of fixed-size blocks; each part's
// upload pulls from its queue. The main feed reads the whole file in order and computes the
// SHA-256 and a per-part xxh3; when a part's upload fails, a redo feed re-reads only that
// part's range and its xxh3 must equal the first read's. Backpressure: a feed pauses when the
// file's block budget is used up and is resumed when an upload frees a block; an upload pauses
// when its queue is empty and is resumed when a feed adds bytes. The main feed also computes
// the git blob oid, so the applier can remember the SHA-256 ↔ git oid pair (issue #17). The last
// byte of the object is released only after the whole file verified; an HF completion is sent only
// then, and an HF `verify` (when the batch answer offers it) after that: the file is done only
// once the hub confirms the object. Every answer is checked before its bytes are used
// (range_answer.hpp: a 200 to a ranged read is skipped ahead, a wrong 206 refused); when the
// source refuses a storage-locked repo, an LFS file is read through the Git LFS batch href
// instead (file_stream_source.cpp).
//
// Internal to src/transfer. Single-threaded: every method and callback runs on the thread that
// drives `engine`. The object must outlive its requests: destroy it only when finished().
#pragma once

#include "hashing/hashing.hpp"
#include "http/engine.hpp"
#include "hub/hub.hpp"
#include "transfer/task.hpp"

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hf2ms::transfer {

class TransferObserver;

struct StreamSetup {
  http::Engine* engine = nullptr;
  const hub::HubReader* source = nullptr;
  hub::RepoKey source_key;
  std::string source_commit;
  std::size_t mirror = 0;
  TaskFile file;  // sha256 set
  hub::BlobUpload upload;
  // The whole file, already read (and checked against the plan) by the engine: the main feed
  // takes its bytes from here instead of downloading them again (a small file costs one
  // source request, issue #17 item 3). A redo of a failed part still re-reads its range from
  // the source, checked against the first read's xxh3 as usual.
  std::shared_ptr<const std::string> preloaded;
  std::size_t budget_bytes = 8U << 20;
  std::size_t block_bytes = 256U << 10;
  int max_attempts = 4;
  TransferObserver* observer = nullptr;
};

struct StreamOutcome {
  bool ok = false;
  std::uint64_t bytes = 0;             // bytes read by the main feed
  std::optional<std::string> sha256;   // when the whole file was read
  std::optional<std::string> git_oid;  // git blob oid of the same bytes, computed alongside
  Error error;                         // when !ok
};

class FileStream {
 public:
  explicit FileStream(StreamSetup setup);
  FileStream(const FileStream&) = delete;
  FileStream& operator=(const FileStream&) = delete;
  ~FileStream();

  void start();
  // Done or failed, and no request of this file is outstanding.
  [[nodiscard]] bool finished() const;
  [[nodiscard]] StreamOutcome outcome() const;

 private:
  struct Block {
    std::unique_ptr<char[]> data;
    std::size_t size = 0;
    std::size_t read = 0;
  };
  struct Part {
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    std::deque<Block> queue;
    std::uint64_t produced = 0;
    std::uint64_t generation = 0;  // bumped on each upload restart
    http::TransferId upload_id = 0;
    bool uploading = false;
    bool paused = false;
    bool done = false;
    bool lost = false;  // the first read's upload failed: the main feed drops its bytes
    int attempts = 0;
    std::optional<std::string> etag;
    std::optional<hashing::Xxh3_128> hash;  // of the bytes being fed now
    std::optional<hashing::Xxh3_128::Digest> first_digest;
    std::optional<hashing::Xxh3_128::Digest> redo_digest;
    bool redo_pending = false;  // waiting for the main feed to pass the part's end
    bool in_redo = false;       // the queue is fed by a redo feed
  };
  struct Feed {
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
    std::uint64_t pos = 0;
    std::optional<std::size_t> redo_part;  // nullopt: the main feed
    http::TransferId id = 0;
    bool active = false;
    bool paused = false;
    bool cancelled = false;
    int attempts = 0;
    // Of the answer being read (range_answer.hpp): body bytes before `pos` still to drop (a
    // 200 to a ranged request) and the file offset the body ends at.
    std::uint64_t skip = 0;
    std::uint64_t answer_end = 0;
    std::optional<Error> refused{};  // why the answer's head was refused
    bool via_lfs_batch = false;      // the request read the Git LFS batch href
  };

  // feeds
  void submit_feed(std::size_t f);
  [[nodiscard]] Result<http::Request> feed_request(
      const std::optional<hub::ByteRange>& range) const;
  bool on_feed_head(std::size_t f, const std::optional<hub::ByteRange>& asked, int status,
                    const http::Headers& headers);
  http::Flow on_feed_bytes(std::size_t f, std::string_view data);
  void on_feed_done(std::size_t f, const http::Response& response);
  void retry_or_fail(std::size_t f, Error error);
  // storage locked at the source: read the LFS object through the Git LFS batch API
  void on_storage_locked(std::size_t f, Error error);
  void on_lfs_batch_done(const http::Response& response);
  void feed_part(Feed& feed, std::size_t p, std::string_view bytes);
  void on_part_fed(std::size_t p, bool main_feed);
  void on_main_complete();
  void start_redo(std::size_t p);
  [[nodiscard]] bool has_room(std::size_t bytes) const;
  void resume_feeds();
  // parts
  void wake_part(std::size_t p);
  void submit_upload(std::size_t p);
  http::BodyProducer::Chunk produce(std::size_t p, std::uint64_t generation, std::span<char> out);
  [[nodiscard]] std::uint64_t releasable(const Part& part) const;
  void on_upload_done(std::size_t p, std::uint64_t generation, const http::Response& response);
  void on_part_failed(std::size_t p, Error error);
  void maybe_complete();
  // Sends the multipart completion or the verify request; `what` names it in an error, `then`
  // runs after a success.
  void send_closing(http::Request request, std::string what, void (FileStream::*then)());
  // The object is stored: runs the upload's verify request when it has one, else done.
  void finish_stored();
  void mark_done();
  // blocks and endings
  void append(Part& part, std::string_view bytes);
  void drop_queue(Part& part);
  [[nodiscard]] std::unique_ptr<char[]> acquire_block();
  void release_block(std::unique_ptr<char[]> block);
  void fail(Error error);
  [[nodiscard]] std::size_t part_at(std::uint64_t pos) const;

  StreamSetup setup_;
  std::vector<Part> parts_;
  std::deque<Feed> feeds_;  // deque: references stay valid as redo feeds are added
  std::optional<hashing::Sha256> sha_;
  std::optional<hashing::GitBlobSha1> git_;  // the git blob oid of the main feed's bytes
  std::vector<std::unique_ptr<char[]>> free_blocks_;
  std::size_t blocks_in_use_ = 0;
  std::size_t max_blocks_ = 0;
  std::size_t outstanding_ = 0;  // submitted requests not yet completed
  std::uint64_t bytes_ = 0;
  bool verified_ = false;  // the main feed ended and size and SHA-256 match the plan
  bool completing_ = false;
  bool done_ = false;
  bool failed_ = false;
  Error error_;
  std::optional<std::string> sha256_;
  std::optional<std::string> git_oid_;
  // The source's Git LFS batch answer once /resolve/ refused the storage-locked repo: every
  // later feed reads its href. Feeds waiting for it are in locked_waiting_.
  std::optional<http::Response> lfs_batch_;
  bool lfs_batch_pending_ = false;
  std::vector<std::size_t> locked_waiting_;
};

}  // namespace hf2ms::transfer
