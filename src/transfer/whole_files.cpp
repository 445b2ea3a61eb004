#include "transfer/whole_files.hpp"

#include "hashing/hashing.hpp"
#include "http/error_map.hpp"

namespace hf2ms::transfer {

WholeFile check_whole(const TaskFile& file, std::string bytes) {
  WholeFile out;
  if (bytes.size() != file.size) {
    out.error = make_error(ErrorKind::invalid_input,
                           "the source sent " + std::to_string(bytes.size()) +
                               " bytes; the plan's size is " + std::to_string(file.size));
    return out;
  }
  out.sha256 = hashing::sha256_hex(bytes);
  out.git_oid = hashing::git_blob_sha1_hex(bytes);
  // The plan is untrusted input: whatever it promised is checked here, and only the hashes
  // computed from the bytes go on (to the upload, the commit and the oid cache).
  if (file.sha256 && *file.sha256 != out.sha256) {
    out.error =
        make_error(ErrorKind::invalid_input, "SHA-256 of the source bytes is " + out.sha256 +
                                                 ", the plan expects " + *file.sha256);
  } else if (!file.sha256 && file.source_git_oid && *file.source_git_oid != out.git_oid) {
    out.error =
        make_error(ErrorKind::invalid_input, "git oid of the source bytes is " + out.git_oid +
                                                 ", the plan expects " + *file.source_git_oid);
  } else if (!file.sha256 && !file.source_git_oid) {
    out.error = make_error(ErrorKind::invalid_input,
                           "the plan has neither a SHA-256 nor a git oid for this file");
  }
  if (!out.error) {
    out.bytes = std::make_shared<const std::string>(std::move(bytes));
  }
  return out;
}

namespace {

// The reads of one read_whole call: at most k_whole_reads_in_flight at once, the next one
// submitted as one completes (a burst of hundreds of connections only makes a hub, or the
// simulator, time some of them out, and each retry is another request).
struct WholeReads {
  http::Engine& engine;
  const hub::HubReader& source;
  const hub::RepoKey& key;
  const std::string& revision;
  std::span<const TaskFile* const> files;
  std::vector<WholeFile> out;
  std::size_t next = 0;

  void submit_next() {
    while (next < files.size()) {
      const std::size_t i = next++;
      const TaskFile& f = *files[i];
      if (f.size == 0) {
        out[i] = check_whole(f, {});  // nothing to read
        continue;
      }
      http::Request request = source.download_request(key, revision, f.path, std::nullopt);
      request.max_body = f.size;  // a longer answer aborts instead of growing memory
      auto id = engine.submit(std::move(request), [this, &f, i](http::Response r) {
        if (!http::is_success(r)) {
          hub::DownloadRefusal refusal = source.download_error(r);
          Error e = std::move(refusal.error);
          e.message = "download of " + f.path + ": " + e.message;
          if (refusal.storage_locked) {
            // A small file is read whole in one request; the Git LFS batch fallback of
            // file_stream_source.cpp is for streamed LFS files only.
            e.message += f.source_lfs ? " (the source repo's storage is locked)"
                                      : " (the source repo's storage is locked; only LFS files "
                                        "can still be read, through the Git LFS batch API, and "
                                        "this is a regular file)";
          }
          out[i].error = std::move(e);
        } else {
          out[i] = check_whole(f, std::move(r.body));
        }
        submit_next();
      });
      if (!id) {
        out[i].error = id.error();
        continue;
      }
      return;
    }
  }
};

}  // namespace

Result<std::vector<WholeFile>> read_whole(http::Engine& engine, const hub::HubReader& source,
                                          const hub::RepoKey& key, const std::string& revision,
                                          std::span<const TaskFile* const> files) {
  WholeReads reads{engine, source, key, revision, files, std::vector<WholeFile>(files.size())};
  for (std::size_t k = 0; k < k_whole_reads_in_flight; ++k) {
    reads.submit_next();
  }
  if (auto ran = engine.run(); !ran) {
    return unexpected(ran.error());
  }
  return std::move(reads.out);
}

}  // namespace hf2ms::transfer
