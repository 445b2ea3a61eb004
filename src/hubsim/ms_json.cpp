#include "hubsim/ms_json.hpp"

#include <algorithm>
#include <array>
#include <ctime>

namespace hf2ms::hubsim {
namespace {

std::string basename_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

nlohmann::json ref_json(const MsRefView& ref) {
  return nlohmann::json{
      {"Revision", ref.name}, {"CreatedAt", ref.created_at}, {"CommitId", ref.commit_id}};
}

nlohmann::json common_legacy_fields(const MsRepoView& repo) {
  return nlohmann::json{
      {"Id", repo.numeric_id},
      {"Name", repo.name},
      {"Path", repo.owner},
      {"ChineseName", repo.name},
      {"Visibility", repo.visibility},
      {"ProtectedMode", repo.gated ? k_ms_protected_gated : k_ms_protected_off},
      {"Description", repo.description},
      {"License", repo.license},
      {"Downloads", 0},
      {"Stars", 0},
      {"Likes", 0},
      {"LastUpdatedTime", repo.last_modified},
      {"ReadMeContent", repo.readme},
      {"Organization", nlohmann::json{{"Name", repo.owner}}},
      {"CreatedBy", repo.owner},
      {"Tags", nlohmann::json::array()},
      {"IsAccessible", true},
      {"Revision", "master"},
  };
}

}  // namespace

nlohmann::json entry_json(const MsEntryView& entry, bool with_commit_id) {
  nlohmann::json json{
      {"CommitMessage", entry.commit.message},
      {"CommittedDate", entry.commit.time},
      {"CommitterName", entry.commit.author},
      {"InCheck", false},
      {"IsLFS", entry.is_lfs},
      // Git modes as decimal strings: 0100644 = "33188", 040000 = "16384".
      {"Mode", entry.is_dir ? "16384" : "33188"},
      {"Name", basename_of(entry.path)},
      {"Path", entry.path},
      {"Revision", entry.commit.id},
      {"Sha256", entry.sha256},
      {"Size", entry.is_dir ? std::uint64_t{0} : entry.size},
      {"Type", entry.is_dir ? "tree" : "blob"},
  };
  if (with_commit_id) {
    json["CommitId"] = entry.commit.id;
  }
  return json;
}

nlohmann::json revisions_json(const std::vector<MsRefView>& branches, std::vector<MsRefView> tags) {
  // A treats Tags[0] as the newest (protocols/modelscope-hub.md §5.3).
  std::stable_sort(tags.begin(), tags.end(), [](const MsRefView& a, const MsRefView& b) {
    return a.created_at > b.created_at;
  });
  nlohmann::json branch_list = nlohmann::json::array();
  for (const auto& ref : branches) {
    branch_list.push_back(ref_json(ref));
  }
  nlohmann::json tag_list = nlohmann::json::array();
  for (const auto& ref : tags) {
    tag_list.push_back(ref_json(ref));
  }
  // UNCONFIRMED (protocols/modelscope-hub.md §5.3): CommitId is only seen in third-party mocks.
  return nlohmann::json{{"RevisionMap", {{"Branches", branch_list}, {"Tags", tag_list}}}};
}

nlohmann::json legacy_info_json(const MsRepoView& repo) {
  nlohmann::json json = common_legacy_fields(repo);
  if (repo.kind == MsRepoKind::model) {
    json["CreatedTime"] = repo.created_at;
    json["IsPublished"] = 1;
    json["IsOnline"] = 1;
    json["AlreadyStar"] = false;
    json["ApprovalMode"] = 2;
    json["Tasks"] = nlohmann::json::array();
    json["Architectures"] = nlohmann::json::array();
    json["ModelType"] = nlohmann::json::array();
    json["ModelFramework"] = "Pytorch";
  } else {
    // A reads the dataset's numeric Id and its formation Type (int) before listing (§4.2).
    json["Type"] = 0;
    json["Owner"] = repo.owner;
    json["Namespace"] = repo.owner;
    json["GmtCreate"] = repo.created_at;
  }
  return json;
}

nlohmann::json openapi_info_json(const MsRepoView& repo) {
  nlohmann::json tags = nlohmann::json::array();
  if (!repo.license.empty()) {
    tags.push_back("license:" + repo.license);
  }
  nlohmann::json json{
      {"id", repo.owner + "/" + repo.name},
      {"display_name", repo.name},
      {"description", repo.description},
      {"downloads", 0},
      {"likes", 0},
      {"license", repo.license},
      {"tasks", nlohmann::json::array()},
      {"created_at", iso8601_utc(repo.created_at)},
      {"last_modified", iso8601_utc(repo.last_modified)},
      {"file_size", repo.total_size},
      {"tags", tags},
      {"private", repo.visibility == k_ms_visibility_private},
      {"gated", repo.gated},
      {"readme", repo.readme},
  };
  if (repo.kind == MsRepoKind::model) {
    json["params"] = 0;
  } else {
    json["login_required"] = repo.gated;
  }
  return json;
}

std::string iso8601_utc(std::int64_t epoch_seconds) {
  const auto t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::array<char, 32> buf{};
  const auto n = std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf.data(), n);
}

}  // namespace hf2ms::hubsim
