#include "cli/views/text_safety.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>

namespace hf2ms::cli::views {
namespace {

bool is_hidden(std::uint32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
    return true;  // C0 controls, DEL, C1 controls (ESC starts terminal sequences)
  }
  return cp == 0x061C || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

// Decodes one UTF-8 character at text[i]: its code point and length, or length 0 when the
// bytes there are not well-formed UTF-8 (overlong forms and surrogates included).
std::pair<std::uint32_t, std::size_t> decode(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  const std::uint8_t b0 = byte(i);
  if (b0 < 0x80) {
    return {b0, 1};
  }
  std::size_t length = 0;
  std::uint32_t cp = 0;
  std::uint32_t min = 0;
  if ((b0 & 0xE0U) == 0xC0U) {
    length = 2;
    cp = b0 & 0x1FU;
    min = 0x80;
  } else if ((b0 & 0xF0U) == 0xE0U) {
    length = 3;
    cp = b0 & 0x0FU;
    min = 0x800;
  } else if ((b0 & 0xF8U) == 0xF0U) {
    length = 4;
    cp = b0 & 0x07U;
    min = 0x10000;
  } else {
    return {0, 0};
  }
  if (i + length > text.size()) {
    return {0, 0};
  }
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0U) != 0x80U) {
      return {0, 0};
    }
    cp = (cp << 6U) | (byte(i + k) & 0x3FU);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return {0, 0};
  }
  return {cp, length};
}

std::string marker(const char* format, unsigned value) {
  std::array<char, 16> buf{};
  std::snprintf(buf.data(), buf.size(), format, value);
  return buf.data();
}

}  // namespace

std::string visible_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto [cp, length] = decode(text, i);
    if (length == 0) {
      out += marker("<0x%02X>", static_cast<std::uint8_t>(text[i]));
      ++i;
      continue;
    }
    if (is_hidden(cp)) {
      out += marker("<U+%04X>", cp);
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

bool has_hidden_characters(std::string_view text) { return visible_text(text) != text; }

std::size_t count_hidden_paths(const plan::Plan& plan) {
  std::size_t count = 0;
  for (const plan::MirrorPlan& m : plan.mirrors) {
    count += static_cast<std::size_t>(
        std::count_if(m.steps.begin(), m.steps.end(),
                      [](const plan::Step& s) { return has_hidden_characters(s.path); }));
  }
  return count;
}

std::string hidden_paths_warning(const plan::Plan& plan) {
  const std::size_t n = count_hidden_paths(plan);
  if (n == 0) {
    return {};
  }
  return "Warning: " + std::to_string(n) + (n == 1 ? " path contains" : " paths contain") +
         " control, bidi or zero-width characters; they are shown as <U+....> markers.";
}

namespace {

// The HTML entity for the characters that end or open markup in HTML (and a table cell, `|`),
// or nullptr for any other character.
const char* html_entity(char c) {
  switch (c) {
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '&':
      return "&amp;";
    case '"':
      return "&quot;";
    case '\'':
      return "&#39;";
    case '|':
      return "&#124;";
    default:
      return nullptr;
  }
}

}  // namespace

std::string markdown_text(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (const char* entity = html_entity(c); entity != nullptr && c != '\'' && c != '|') {
      out += entity;
      continue;
    }
    switch (c) {
      case '\n':
      case '\r':
        out += ' ';
        break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '~':
      case '!':
      case '|':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string markdown_code(std::string_view text) {
  std::string body;
  std::size_t run = 0;
  std::size_t longest = 0;
  for (const char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
    if (c == '|') {
      // GFM splits table cells before code spans are parsed, reading "\x" pairs: the pipe
      // must follow an odd number of backslashes to stay inside the cell.
      const std::size_t last = body.find_last_not_of('\\');
      const std::size_t slashes = last == std::string::npos ? body.size() : body.size() - last - 1;
      body += slashes % 2 == 1 ? "\\\\|" : "\\|";
    } else if (c == '\n' || c == '\r') {
      body += ' ';
    } else {
      body += c;
    }
  }
  const std::string fence(longest + 1, '`');
  const bool pad = !body.empty() && (body.front() == '`' || body.back() == '`' ||
                                     body.front() == ' ' || body.back() == ' ');
  return pad ? fence + " " + body + " " + fence : fence + body + fence;
}

std::string html_text(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const char* entity = html_entity(c);
    out += entity != nullptr ? std::string_view(entity) : std::string_view(&c, 1);
  }
  return out;
}

}  // namespace hf2ms::cli::views
