// FileTree (file_tree.hpp): sorted copy-on-write chunks of a commit's files.
#include "hubsim/file_tree.hpp"

#include <algorithm>
#include <stdexcept>

namespace hf2ms::hubsim {
namespace {

using Entries = std::vector<FileTree::value_type>;

Entries::const_iterator lower_bound_in(const Entries& entries, std::string_view path) {
  return std::lower_bound(
      entries.begin(), entries.end(), path,
      [](const FileTree::value_type& e, std::string_view p) { return e.first < p; });
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

FileTree::FileTree(const FileMap& files) : size_(files.size()) {
  const std::size_t fill = k_file_tree_chunk / 2;
  for (const auto& kv : files) {
    if (chunks_.empty() || chunks_.back()->entries.size() == fill) {
      chunks_.push_back(std::make_shared<Chunk>());
      chunks_.back()->entries.reserve(fill);
    }
    chunks_.back()->entries.emplace_back(kv.first, kv.second);
  }
}

std::size_t FileTree::chunk_for(std::string_view path) const {
  const auto after = std::upper_bound(chunks_.begin(), chunks_.end(), path,
                                      [](std::string_view p, const std::shared_ptr<Chunk>& c) {
                                        return p < c->entries.front().first;
                                      });
  return after == chunks_.begin() ? 0 : static_cast<std::size_t>(after - chunks_.begin()) - 1;
}

FileTree::Chunk& FileTree::writable(std::size_t c) {
  // Only this tree holds a chunk whose count is 1, and no other thread can reach it: sharing
  // it would take a copy of this tree, which is being edited and so not yet published.
  if (chunks_[c].use_count() != 1) {
    chunks_[c] = std::make_shared<Chunk>(*chunks_[c]);
  }
  return *chunks_[c];
}

FileTree::const_iterator FileTree::find(std::string_view path) const {
  if (chunks_.empty()) {
    return end();
  }
  const std::size_t c = chunk_for(path);
  const Entries& entries = chunks_[c]->entries;
  const auto it = lower_bound_in(entries, path);
  if (it == entries.end() || it->first != path) {
    return end();
  }
  return {&chunks_, c, static_cast<std::size_t>(it - entries.begin())};
}

const FileEntry& FileTree::at(std::string_view path) const {
  const auto it = find(path);
  if (it == end()) {
    throw std::out_of_range("FileTree::at: no file " + std::string(path));
  }
  return it->second;
}

void FileTree::put(const std::string& path, const FileEntry& entry) {
  if (chunks_.empty()) {
    chunks_.push_back(std::make_shared<Chunk>(Chunk{{value_type(path, entry)}}));
    size_ = 1;
    return;
  }
  const std::size_t c = chunk_for(path);
  const Entries& before = chunks_[c]->entries;
  const auto found = lower_bound_in(before, path);
  if (found != before.end() && found->first == path && found->second == entry) {
    return;  // unchanged: the chunk stays shared
  }
  const auto pos = static_cast<std::size_t>(found - before.begin());
  Entries& entries = writable(c).entries;
  if (pos < entries.size() && entries[pos].first == path) {
    entries[pos].second = entry;
    return;
  }
  entries.emplace(entries.begin() + static_cast<std::ptrdiff_t>(pos), path, entry);
  ++size_;
  if (entries.size() > k_file_tree_chunk) {
    auto upper = std::make_shared<Chunk>();
    const auto half = entries.begin() + static_cast<std::ptrdiff_t>(entries.size() / 2);
    upper->entries.assign(std::make_move_iterator(half), std::make_move_iterator(entries.end()));
    entries.erase(half, entries.end());
    chunks_.insert(chunks_.begin() + static_cast<std::ptrdiff_t>(c) + 1, std::move(upper));
  }
}

bool FileTree::erase(std::string_view path) {
  const auto it = find(path);
  if (it == end()) {
    return false;
  }
  Entries& entries = writable(it.chunk_).entries;
  entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(it.pos_));
  --size_;
  if (entries.empty()) {
    chunks_.erase(chunks_.begin() + static_cast<std::ptrdiff_t>(it.chunk_));
  }
  return true;
}

std::size_t FileTree::erase_prefix(std::string_view prefix) {
  std::size_t removed = 0;
  std::size_t c = chunks_.empty() ? 0 : chunk_for(prefix);
  while (c < chunks_.size()) {
    const Entries& entries = chunks_[c]->entries;
    const auto lo = lower_bound_in(entries, prefix);
    auto hi = lo;
    while (hi != entries.end() && starts_with(hi->first, prefix)) {
      ++hi;
    }
    const bool to_chunk_end = hi == entries.end();
    if (lo != hi) {
      const auto first = static_cast<std::ptrdiff_t>(lo - entries.begin());
      const auto last = static_cast<std::ptrdiff_t>(hi - entries.begin());
      Entries& edit = writable(c).entries;
      edit.erase(edit.begin() + first, edit.begin() + last);
      removed += static_cast<std::size_t>(last - first);
      if (edit.empty()) {
        chunks_.erase(chunks_.begin() + static_cast<std::ptrdiff_t>(c));
        continue;  // the next chunk now sits at `c`
      }
    }
    if (!to_chunk_end) {
      break;  // the range ended inside this chunk
    }
    ++c;
  }
  size_ -= removed;
  return removed;
}

void FileTree::diff(const FileTree& base, const std::function<void(const value_type&)>& on_put,
                    const std::function<void(const std::string&)>& on_remove) const {
  const Chunks& a = base.chunks_;
  const Chunks& b = chunks_;
  std::size_t ai = 0, ap = 0, bi = 0, bp = 0;
  const auto next_a = [&] {
    if (++ap == a[ai]->entries.size()) {
      ++ai;
      ap = 0;
    }
  };
  const auto next_b = [&] {
    if (++bp == b[bi]->entries.size()) {
      ++bi;
      bp = 0;
    }
  };
  while (ai < a.size() || bi < b.size()) {
    // Both walks meet at the start of every chunk the trees share: entries are sorted and
    // the chunk holds the same ones in both.
    if (ap == 0 && bp == 0 && ai < a.size() && bi < b.size() && a[ai] == b[bi]) {
      ++ai;
      ++bi;
      continue;
    }
    const value_type* x = ai < a.size() ? &a[ai]->entries[ap] : nullptr;
    const value_type* y = bi < b.size() ? &b[bi]->entries[bp] : nullptr;
    if (y == nullptr || (x != nullptr && x->first < y->first)) {
      on_remove(x->first);
      next_a();
    } else if (x == nullptr || y->first < x->first) {
      on_put(*y);
      next_b();
    } else {
      if (!(x->second == y->second)) {
        on_put(*y);
      }
      next_a();
      next_b();
    }
  }
}

FileMap FileTree::to_map() const {
  FileMap out;
  for (const auto& [path, entry] : *this) {
    out.emplace_hint(out.end(), path, entry);
  }
  return out;
}

bool FileTree::operator==(const FileTree& other) const {
  return size_ == other.size_ && std::equal(begin(), end(), other.begin());
}

}  // namespace hf2ms::hubsim
