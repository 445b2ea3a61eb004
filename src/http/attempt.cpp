#include "http/attempt.hpp"

#include "http/redact.hpp"
#include "util/log.hpp"

#include <algorithm>
#include <cstring>
#include <exception>

namespace hf2ms::http {
namespace {

// Callbacks run inside curl's C frames: nothing may escape them. Every one catches all
// exceptions, records the failure on the attempt and returns curl's abort value.
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) noexcept {
  auto& attempt = *static_cast<Attempt*>(user);
  const std::size_t n = size * count;
  try {
    const std::string_view line(data, n);
    if (line.starts_with("HTTP/")) {
      attempt.headers.clear();  // a new head: 100 Continue or the final answer
    } else {
      add_raw_header_line(attempt.headers, line);
    }
    return n;
  } catch (...) {
    attempt.aborted = true;
    attempt.abort_reason = "out of memory reading headers";
    return 0;
  }
}

// Returns false when a collected body would pass Request::max_body: the attempt is aborted.
bool keep_body(Attempt& attempt, std::string_view chunk) {
  if (attempt.request->consumer) {  // an error body beside a stream: keep its head only
    const std::size_t room = k_error_body_cap - std::min(k_error_body_cap, attempt.body.size());
    attempt.body.append(chunk.substr(0, std::min(room, chunk.size())));
    return true;
  }
  if (attempt.body.size() + chunk.size() > attempt.request->max_body) {
    attempt.aborted = true;
    attempt.abort_reason = "the answer is larger than " +
                           std::to_string(attempt.request->max_body) +
                           " bytes, the most hf2ms reads into memory";
    return false;
  }
  attempt.body.append(chunk);
  return true;
}

std::size_t deliver(Attempt& attempt, std::string_view chunk) {
  if (!attempt.head_checked) {
    attempt.head_checked = true;
    const HeadCheck& check = attempt.request->accept_head;
    if (check && !check(static_cast<int>(attempt.status), attempt.headers)) {
      attempt.aborted = true;
      attempt.abort_reason = "the answer's status or headers were refused";
      return 0;
    }
  }
  switch (attempt.request->consumer(chunk)) {
    case Flow::more:
      attempt.delivered += chunk.size();
      return chunk.size();
    case Flow::pause:
      attempt.paused = true;
      return CURL_WRITEFUNC_PAUSE;
    case Flow::abort:
      break;
  }
  attempt.aborted = true;
  attempt.abort_reason = "the body consumer stopped the transfer";
  return 0;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) noexcept {
  auto& attempt = *static_cast<Attempt*>(user);
  const std::string_view chunk(data, size * count);
  try {
    if (attempt.status == 0 && curl_easy_getinfo(attempt.easy.get(), CURLINFO_RESPONSE_CODE,
                                                 &attempt.status) != CURLE_OK) {
      attempt.status = 0;
    }
    if (attempt.status >= 300 && attempt.status <= 399) {
      return chunk.size();  // redirect bodies are never wanted
    }
    if (attempt.status >= 200 && attempt.status <= 299 && attempt.request->consumer) {
      return deliver(attempt, chunk);
    }
    return keep_body(attempt, chunk) ? chunk.size() : 0;
  } catch (...) {
    attempt.aborted = true;
    attempt.abort_reason = "the body consumer failed";
    return 0;
  }
}

std::size_t read_string(Attempt& attempt, const std::string& body, char* out, std::size_t max) {
  const std::size_t offset = static_cast<std::size_t>(attempt.sent);
  const std::size_t n = std::min(max, body.size() - std::min(offset, body.size()));
  std::memcpy(out, body.data() + offset, n);
  attempt.sent += n;
  return n;
}

std::size_t read_producer(Attempt& attempt, const BodyProducer& producer, char* out,
                          std::size_t max) {
  const BodyProducer::Chunk chunk = producer.produce(std::span<char>(out, max));
  switch (chunk.flow) {
    case Flow::more:
      attempt.sent += std::min(chunk.size, max);
      return std::min(chunk.size, max);
    case Flow::pause:
      attempt.paused = true;
      return CURL_READFUNC_PAUSE;
    case Flow::abort:
      break;
  }
  attempt.aborted = true;
  attempt.abort_reason = "the body producer stopped the transfer";
  return CURL_READFUNC_ABORT;
}

std::size_t on_read(char* out, std::size_t size, std::size_t count, void* user) noexcept {
  auto& attempt = *static_cast<Attempt*>(user);
  try {
    if (const auto* text = std::get_if<std::string>(&attempt.request->body)) {
      return read_string(attempt, *text, out, size * count);
    }
    if (const auto* producer = std::get_if<BodyProducer>(&attempt.request->body)) {
      return read_producer(attempt, *producer, out, size * count);
    }
    return 0;
  } catch (...) {
    attempt.aborted = true;
    attempt.abort_reason = "the body producer failed";
    return CURL_READFUNC_ABORT;
  }
}

// curl asks to rewind when it must resend the body on a new connection (a reused connection
// that was closed, an HTTP/2 refused stream).
int on_seek(void* user, curl_off_t offset, int origin) noexcept {
  auto& attempt = *static_cast<Attempt*>(user);
  try {
    if (origin != SEEK_SET || offset != 0) {
      return CURL_SEEKFUNC_CANTSEEK;
    }
    if (const auto* producer = std::get_if<BodyProducer>(&attempt.request->body)) {
      if (!producer->rewind || !producer->rewind()) {
        return CURL_SEEKFUNC_CANTSEEK;
      }
    }
    attempt.sent = 0;
    return CURL_SEEKFUNC_OK;
  } catch (...) {
    return CURL_SEEKFUNC_FAIL;
  }
}

std::uint64_t body_length(const Request& request) {
  if (const auto* text = std::get_if<std::string>(&request.body)) {
    return text->size();
  }
  if (const auto* producer = std::get_if<BodyProducer>(&request.body)) {
    return producer->content_length;
  }
  return 0;
}

bool has_body(const Request& request) {
  return !std::holds_alternative<std::monostate>(request.body);
}

Result<void> set_method(CURL* easy, const Request& request) {
  const auto length = static_cast<curl_off_t>(body_length(request));
  switch (request.method) {
    case Method::get:
      return set_option(easy, CURLOPT_HTTPGET, 1L);
    case Method::head:
      return set_option(easy, CURLOPT_NOBODY, 1L);
    case Method::post:
      if (auto r = set_option(easy, CURLOPT_POST, 1L); !r) {
        return r;
      }
      return set_option(easy, CURLOPT_POSTFIELDSIZE_LARGE, length);
    case Method::put:
    case Method::patch:
    case Method::del:
      break;
  }
  if (request.method != Method::put) {
    const char* name = request.method == Method::patch ? "PATCH" : "DELETE";
    if (auto r = set_option(easy, CURLOPT_CUSTOMREQUEST, name); !r || !has_body(request)) {
      return r;
    }
  }
  if (auto r = set_option(easy, CURLOPT_UPLOAD, 1L); !r) {
    return r;
  }
  return set_option(easy, CURLOPT_INFILESIZE_LARGE, length);
}

// The only place a credential is revealed: into curl's header list, and only for a URL
// whose origin the credential belongs to.
Result<void> set_headers(Attempt& attempt, const Origin& target) {
  const Request& request = *attempt.request;
  std::vector<std::string> lines;
  for (const auto& [name, value] : request.headers.fields()) {
    lines.push_back(name + ": " + value);
  }
  if (request.credential && credential_applies(*request.credential, target)) {
    for (const auto& field : request.credential->headers) {
      lines.push_back(field.name + ": " + field.value.reveal());
    }
  }
  lines.emplace_back("Expect:");  // no 100-continue round trip before bodies
  for (const std::string& line : lines) {
    if (auto r = append_header(attempt.header_list, line); !r) {
      return r;
    }
  }
  return set_option(attempt.easy.get(), CURLOPT_HTTPHEADER, attempt.header_list.get());
}

void log_request_headers(const Attempt& attempt, const Origin& target) {
  if (!log::is_enabled(log::Level::debug)) {
    return;
  }
  for (const auto& [name, value] : attempt.request->headers.fields()) {
    log::debug("> ", name, ": ", redact_header(name, value));
  }
  const auto& credential = attempt.request->credential;
  if (credential && credential_applies(*credential, target)) {
    for (const auto& field : credential->headers) {
      log::debug("> ", field.name, ": ", field.value);  // Secret prints ***
    }
  }
}

Result<void> set_callbacks(Attempt& attempt) {
  CURL* easy = attempt.easy.get();
  void* self = &attempt;
  for (auto r :
       {set_option(easy, CURLOPT_HEADERFUNCTION, &on_header),
        set_option(easy, CURLOPT_HEADERDATA, self),
        set_option(easy, CURLOPT_WRITEFUNCTION, &on_body),
        set_option(easy, CURLOPT_WRITEDATA, self), set_option(easy, CURLOPT_READFUNCTION, &on_read),
        set_option(easy, CURLOPT_READDATA, self), set_option(easy, CURLOPT_SEEKFUNCTION, &on_seek),
        set_option(easy, CURLOPT_SEEKDATA, self), set_option(easy, CURLOPT_PRIVATE, self)}) {
    if (!r) {
      return r;
    }
  }
  return {};
}

Result<void> set_transport(Attempt& attempt, const AttemptSettings& settings) {
  CURL* easy = attempt.easy.get();
  const Timeouts& t = attempt.request->timeouts;
  // TLS verification is set explicitly on and never turned off anywhere in hf2ms.
  for (auto r :
       {set_option(easy, CURLOPT_URL, attempt.url.c_str()),
        set_option(easy, CURLOPT_PROTOCOLS_STR, "http,https"),
        set_option(easy, CURLOPT_NOSIGNAL, 1L),
        set_option(easy, CURLOPT_ERRORBUFFER, attempt.error_buffer.data()),
        set_option(easy, CURLOPT_FOLLOWLOCATION, 0L), set_option(easy, CURLOPT_SSL_VERIFYPEER, 1L),
        set_option(easy, CURLOPT_SSL_VERIFYHOST, 2L),
        set_option(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS)),
        set_option(easy, CURLOPT_PIPEWAIT, 1L),
        set_option(easy, CURLOPT_USERAGENT, settings.user_agent.c_str()),
        set_option(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(t.connect.count())),
        set_option(easy, CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(t.low_speed_bytes)),
        set_option(easy, CURLOPT_LOW_SPEED_TIME, static_cast<long>(t.low_speed_window.count())),
        set_option(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(t.total.count()))}) {
    if (!r) {
      return r;
    }
  }
  return {};
}

}  // namespace

Result<void> prepare(Attempt& attempt, const AttemptSettings& settings) {
  auto target = parse_origin(attempt.url);
  if (!target) {
    return unexpected(target.error());
  }
  auto easy = make_easy();
  if (!easy) {
    return unexpected(easy.error());
  }
  attempt.easy = std::move(*easy);
  for (auto step :
       {set_transport(attempt, settings), set_callbacks(attempt),
        set_method(attempt.easy.get(), *attempt.request), set_headers(attempt, *target)}) {
    if (!step) {
      return step;
    }
  }
  log_request_headers(attempt, *target);
  return {};
}

Transport to_transport(CURLcode code) {
  switch (code) {
    case CURLE_OK:
      return Transport::none;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return Transport::resolve;
    case CURLE_COULDNT_CONNECT:
      return Transport::connect;
    case CURLE_OPERATION_TIMEDOUT:
      return Transport::timeout;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return Transport::dropped;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
      return Transport::tls;
    case CURLE_ABORTED_BY_CALLBACK:
    case CURLE_WRITE_ERROR:
    case CURLE_READ_ERROR:
      return Transport::aborted;
    default:
      return Transport::other;
  }
}

Response finish(Attempt& attempt, CURLcode code) {
  Response response;
  response.transport = attempt.aborted ? Transport::aborted : to_transport(code);
  if (response.transport != Transport::none) {
    response.transport_message =
        attempt.aborted ? attempt.abort_reason : std::string(attempt.error_buffer.data());
    if (response.transport_message.empty()) {
      response.transport_message = curl_easy_strerror(code);
    }
  }
  long status = 0;  // NOLINT(google-runtime-int): curl's type
  if (curl_easy_getinfo(attempt.easy.get(), CURLINFO_RESPONSE_CODE, &status) == CURLE_OK) {
    response.status = static_cast<int>(status);
  }
  response.headers = std::move(attempt.headers);
  response.body = std::move(attempt.body);
  response.url = attempt.url;
  response.bytes_received = attempt.delivered;
  return response;
}

}  // namespace hf2ms::http
