// BlobUpload: how to store one LFS object on a hub, as requests the caller runs itself. A
// hub's upload batch answer becomes one BlobUpload per object it still needs: one or more
// part PUTs, each independent (any order, in parallel, each retried on its own), then an
// optional completion request (HF multipart). The transfer engine streams bytes into the part
// requests; run_upload does the same sequentially for small uploads and tests.
#pragma once

#include "http/request.hpp"
#include "hub/performer.hpp"
#include "hub/write_types.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace hf2ms::hub {

// One PUT of bytes [offset, offset + length) of the object. `request` is complete except for
// its body (see with_body).
struct UploadPart {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  http::Request request;
};

struct BlobUpload {
  BlobSpec blob;
  std::vector<UploadPart> parts;
  // HF multipart: POST to the hub once every part is stored, with the parts' ETags
  // (completion_request). nullopt for a single-PUT upload.
  std::optional<std::string> completion_url;
  // HF, when the batch answer offers `verify`: a complete request run once the object is
  // stored (after the last part, or after the completion); the upload has failed unless it
  // succeeds (huggingface-hub.md §8.2). nullopt: nothing to confirm.
  std::optional<http::Request> verify;
};

// `part.request` with `body` (which must produce exactly `part.length` bytes) attached.
[[nodiscard]] http::Request with_body(const UploadPart& part, http::BodyProducer body);

// The ETag a storage server returned for a part (quotes kept: HF passes it back verbatim).
// invalid_input when the answer carries none.
[[nodiscard]] Result<std::string> part_etag(const http::Response& response);

// Error for a part or completion answer that is not a success; nullopt when it is one. A
// ModelScope PUT answer is a JSON envelope whose Code must be 200 (protocols/modelscope-hub.md
// §8.1 step 5); an empty body is accepted too.
[[nodiscard]] std::optional<Error> upload_failure(const http::Response& response);

// The HF multipart completion POST: {"oid", "parts":[{"partNumber", "etag"}]} to
// `upload.completion_url`, without credentials (the URL carries its own signature,
// protocols/huggingface-hub.md §8.2). `etags[i]` belongs to `upload.parts[i]`.
[[nodiscard]] http::Request completion_request(const BlobUpload& upload,
                                               std::span<const std::string> etags);

// Supplies the bytes [offset, offset + length) of an object as a fresh, rewindable producer.
using RangeSource = std::function<http::BodyProducer(std::uint64_t offset, std::uint64_t length)>;

// Runs every part of `upload` in order, then the completion request, then verify. For small
// objects, tests and tools; the transfer engine runs parts itself, concurrently.
[[nodiscard]] Result<void> run_upload(Performer& performer, const BlobUpload& upload,
                                      const RangeSource& source);

// Checks a batch answer against the request (a hub answer is untrusted): every object it names
// was asked for, with the size asked, and appears once. `sizes_known` false for answers that
// carry no size (ModelScope), whose sizes are then not compared. invalid_input otherwise.
[[nodiscard]] Result<void> check_batch_answer(std::span<const BlobSpec> asked,
                                              std::span<const BlobSpec> answered,
                                              bool sizes_known = true);

// A producer over an in-memory string (kept alive by the producer itself).
[[nodiscard]] http::BodyProducer string_producer(std::string bytes);

}  // namespace hf2ms::hub
