#include "hub/upload.hpp"

#include "http/error_map.hpp"
#include "hub/json_adapter.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <memory>
#include <set>

namespace hf2ms::hub {

http::Request with_body(const UploadPart& part, http::BodyProducer body) {
  http::Request request = part.request;
  body.content_length = part.length;
  request.body = std::move(body);
  return request;
}

Result<std::string> part_etag(const http::Response& response) {
  auto etag = response.headers.get("ETag");
  if (!etag || etag->empty()) {
    return unexpected(make_error(ErrorKind::invalid_input,
                                 "storage answered a part upload without an ETag",
                                 response.status));
  }
  return *etag;
}

std::optional<Error> upload_failure(const http::Response& response) {
  if (!http::is_success(response)) {
    return http::to_error(http::Method::put, response);
  }
  if (response.body.empty()) {
    return std::nullopt;
  }
  // ModelScope answers with its envelope; any other JSON (or none) is left alone.
  auto code = with_json(response.body, "upload", [](const nlohmann::json& j) -> Result<int> {
    return j.is_object() && j.contains("Code") && j["Code"].is_number_integer()
               ? j["Code"].get<int>()
               : 200;
  });
  if (code && *code != 200) {
    return make_error(ErrorKind::invalid_input, "upload refused: " + response.body.substr(0, 300),
                      response.status);
  }
  return std::nullopt;
}

http::Request completion_request(const BlobUpload& upload, std::span<const std::string> etags) {
  HF2MS_ASSERT(upload.completion_url.has_value());
  HF2MS_ASSERT(etags.size() == upload.parts.size());
  nlohmann::json parts = nlohmann::json::array();
  for (std::size_t i = 0; i < etags.size(); ++i) {
    parts.push_back({{"partNumber", i + 1}, {"etag", etags[i]}});
  }
  http::Request request;
  request.method = http::Method::post;
  request.url = *upload.completion_url;
  request.headers.set("Accept", "application/vnd.git-lfs+json");
  request.headers.set("Content-Type", "application/vnd.git-lfs+json");
  request.body = dump_json({{"oid", upload.blob.sha256}, {"parts", parts}});
  // Completing twice with the same parts yields the same object.
  request.idempotency = http::Idempotency::safe_to_retry;
  // S3 assembles the parts before it answers: silence of minutes for a large object.
  request.timeouts = http::Timeouts::long_operation();
  return request;
}

Result<void> run_upload(Performer& performer, const BlobUpload& upload, const RangeSource& source) {
  std::vector<std::string> etags;
  for (const UploadPart& part : upload.parts) {
    auto answer = performer.perform(with_body(part, source(part.offset, part.length)));
    if (!answer) {
      return unexpected(answer.error());
    }
    const http::Response& response = *answer;
    if (auto failure = upload_failure(response)) {
      return unexpected(*failure);
    }
    if (upload.completion_url) {
      auto etag = part_etag(response);
      if (!etag) {
        return unexpected(etag.error());
      }
      etags.push_back(std::move(*etag));
    }
  }
  if (upload.completion_url) {
    auto answer = performer.perform(completion_request(upload, etags));
    if (!answer) {
      return unexpected(answer.error());
    }
    if (auto failure = upload_failure(*answer)) {
      return unexpected(*failure);
    }
  }
  if (upload.verify) {
    auto answer = performer.perform(*upload.verify);
    if (!answer) {
      return unexpected(answer.error());
    }
    if (auto failure = upload_failure(*answer)) {
      failure->message = "LFS verify of " + upload.blob.sha256 + ": " + failure->message;
      return unexpected(*failure);
    }
  }
  return {};
}

http::BodyProducer string_producer(std::string bytes) {
  struct State {
    std::string bytes;
    std::size_t pos = 0;
  };
  auto state = std::make_shared<State>(State{std::move(bytes), 0});  // shared by both lambdas
  http::BodyProducer producer;
  producer.content_length = state->bytes.size();
  producer.produce = [state](std::span<char> buffer) {
    const std::size_t n = std::min(buffer.size(), state->bytes.size() - state->pos);
    std::memcpy(buffer.data(), state->bytes.data() + state->pos, n);
    state->pos += n;
    return http::BodyProducer::Chunk{n, http::Flow::more};
  };
  producer.rewind = [state] {
    state->pos = 0;
    return true;
  };
  return producer;
}

Result<void> check_batch_answer(std::span<const BlobSpec> asked, std::span<const BlobSpec> answered,
                                bool sizes_known) {
  std::set<std::string> seen;
  for (const BlobSpec& blob : answered) {
    const auto it = std::find_if(asked.begin(), asked.end(),
                                 [&](const BlobSpec& a) { return a.sha256 == blob.sha256; });
    const std::string shown = blob.sha256.substr(0, 64);
    if (it == asked.end()) {
      return unexpected(
          make_error(ErrorKind::invalid_input,
                     "the upload batch answer names an object not asked for: " + shown));
    }
    if (sizes_known && it->size != blob.size) {
      return unexpected(
          make_error(ErrorKind::invalid_input, "the upload batch answer gives " + shown +
                                                   " the size " + std::to_string(blob.size) +
                                                   ", asked " + std::to_string(it->size)));
    }
    if (!seen.insert(blob.sha256).second) {
      return unexpected(make_error(ErrorKind::invalid_input,
                                   "the upload batch answer names " + shown + " twice"));
    }
  }
  return {};
}

}  // namespace hf2ms::hub
