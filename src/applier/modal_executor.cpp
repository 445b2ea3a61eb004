// The I/O half of the Modal executor: finding the app, the private temporary files and the
// `modal run` child process (modal_executor.hpp).
#include "applier/modal_executor.hpp"

#include "util/file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

namespace hf2ms::applier {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_app_name = "hf2ms_modal.py";

// A folder only this user can enter, removed with its contents on destruction.
class PrivateDir {
 public:
  static Result<PrivateDir> create(const std::vector<std::string>& env) {
    std::string pattern = find_variable(env, "TMPDIR").value_or("/tmp") + "/hf2ms-modal-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {  // mkdtemp makes it 0700
      return unexpected(make_error(
          ErrorKind::io, "cannot create a temporary folder: " + std::string(std::strerror(errno))));
    }
    return PrivateDir(std::move(pattern));
  }
  PrivateDir(PrivateDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}
  PrivateDir& operator=(PrivateDir&&) = delete;
  PrivateDir(const PrivateDir&) = delete;
  PrivateDir& operator=(const PrivateDir&) = delete;
  ~PrivateDir() {
    if (!path_.empty()) {
      std::error_code ec;
      fs::remove_all(path_, ec);
    }
  }
  [[nodiscard]] std::string file(std::string_view name) const {
    return path_ + "/" + std::string(name);
  }

 private:
  explicit PrivateDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// Creates `path` readable and writable by this user only, and writes `content` to it.
Result<void> write_private_file(const std::string& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return unexpected(
        make_error(ErrorKind::io, "cannot create " + path + ": " + std::strerror(errno)));
  }
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      ::close(fd);
      return unexpected(make_error(ErrorKind::io, "cannot write " + path));
    }
    done += static_cast<std::size_t>(n);
  }
  return ::close(fd) == 0 ? Result<void>{}
                          : unexpected(make_error(ErrorKind::io, "cannot write " + path));
}

bool is_file(const std::string& path) {
  std::error_code ec;
  return !path.empty() && fs::is_regular_file(path, ec);
}

bool is_source_tree(const fs::path& tree) {
  std::error_code ec;
  return fs::is_regular_file(tree / "CMakeLists.txt", ec) && fs::is_directory(tree / "src", ec);
}

// The image builds hf2ms from a source tree: $HF2MS_SRC, the checkout the app sits in
// (deploy/modal/), or the sources installed beside it (<prefix>/share/hf2ms/source, next to
// share/hf2ms/modal/); or it ships $HF2MS_PREBUILT. The same order as the app's own lookup.
Result<void> check_image_source(const std::string& app_file, const std::vector<std::string>& env) {
  const fs::path app_dir = fs::path(app_file).parent_path();
  if (find_variable(env, "HF2MS_SRC") || find_variable(env, "HF2MS_PREBUILT") ||
      is_source_tree(app_dir.parent_path().parent_path()) ||
      is_source_tree(app_dir.parent_path() / "source")) {
    return {};
  }
  return unexpected(make_error(
      ErrorKind::invalid_input,
      "the Modal image builds hf2ms from source, but " + app_file +
          " has neither a checkout nor installed sources (share/hf2ms/source) around it: set "
          "HF2MS_SRC to a checkout of this hf2ms version, or HF2MS_PREBUILT to a linux/amd64 "
          "hf2ms binary (see docs/modal.md)"));
}

void write_to_stderr(std::string_view line) {
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fputc('\n', stderr);
  std::fflush(stderr);
}

}  // namespace

Result<std::string> locate_modal_app(const std::vector<std::string>& env,
                                     const std::string& self_exe, const std::string& source_dir) {
  std::vector<std::string> tried;
  if (auto explicit_app = find_variable(env, "HF2MS_MODAL_APP"); explicit_app) {
    if (is_file(*explicit_app)) {
      return *explicit_app;
    }
    tried.push_back(*explicit_app + " (HF2MS_MODAL_APP)");
  }
  if (!self_exe.empty()) {
    const fs::path prefix = fs::path(self_exe).parent_path().parent_path();
    tried.push_back((prefix / "share/hf2ms/modal" / k_app_name).string());
    if (is_file(tried.back())) {
      return tried.back();
    }
  }
  if (!source_dir.empty()) {
    tried.push_back((fs::path(source_dir) / "deploy/modal" / k_app_name).string());
    if (is_file(tried.back())) {
      return tried.back();
    }
  }
  std::string list;
  for (const std::string& t : tried) {
    list += "\n  " + t;
  }
  return unexpected(
      make_error(ErrorKind::not_found, "cannot find the Modal app " + std::string(k_app_name) +
                                           "; set HF2MS_MODAL_APP to its path. Looked in:" + list));
}

std::string self_executable() {
  std::error_code ec;
  const fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.string();
}

std::string build_source_dir() { return HF2MS_BUILD_SOURCE_DIR; }

namespace {

// Runs `modal` with `argv` and `env` and reads the -w result it leaves in `result_file`.
Result<ModalRun> run_modal(std::vector<std::string> argv, std::vector<std::string> env,
                           const std::string& result_file, const ModalRunOptions& options) {
  ProcessSpec spec{std::move(argv), std::move(env),      Output::capture,
                   Output::inherit, ForwardSignals::yes, options.handle};
  ModalRun run;
  const LineSink& forward = options.on_output ? options.on_output : LineSink(&write_to_stderr);
  auto exit = run_process(spec, [&](std::string_view line) {
    if (auto id = app_id_from_line(line)) {
      run.app_id = std::move(id);
    }
    if (options.take_line && options.take_line(line)) {
      return;
    }
    forward(line);
  });
  if (!exit) {
    return unexpected(exit.error());
  }
  run.exit = *exit;
  auto text = read_file(result_file);
  if (!text) {
    run.problem = "`modal run` wrote no result (exit status " + std::to_string(exit->code) + ")";
    return run;
  }
  auto outcome = parse_modal_result(*text, "the Modal result");
  if (!outcome) {
    run.problem = render(outcome.error());
    return run;
  }
  run.outcome = std::move(*outcome);
  return run;
}

}  // namespace

Result<ModalRun> run_modal_job(const ModalJob& job, const ModalRunOptions& options) {
  if (auto source = check_image_source(options.app_file, options.env); !source) {
    return unexpected(source.error());
  }
  auto dir = PrivateDir::create(options.env);
  if (!dir) {
    return unexpected(dir.error());
  }
  ModalCommand command{options.modal_program, options.app_file, dir->file("job.json"),
                       dir->file("result.json"), options.detach};
  if (auto written = write_private_file(command.job_file, job_to_json(job)); !written) {
    return unexpected(written.error());
  }
  std::vector<transfer::HubAccess> hubs = job.commit.hubs;
  if (!job.tasks.empty()) {
    hubs.insert(hubs.end(), job.tasks.front().hubs.begin(), job.tasks.front().hubs.end());
  }
  return run_modal(modal_argv(command),
                   modal_environment(options.env, token_variables(hubs, options.env)),
                   command.result_file, options);
}

Result<ModalRun> fetch_modal_summary(const std::string& app_id, const ModalRunOptions& options) {
  if (auto source = check_image_source(options.app_file, options.env); !source) {
    return unexpected(source.error());  // `modal run` builds the app's image first
  }
  auto dir = PrivateDir::create(options.env);
  if (!dir) {
    return unexpected(dir.error());
  }
  const std::string result = dir->file("summary.json");
  return run_modal(status_argv(options.modal_program, options.app_file, result, app_id),
                   modal_environment(options.env, {}), result, options);
}

}  // namespace hf2ms::applier
