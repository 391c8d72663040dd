// delimited.cpp: RFC 4180 records, bounded (see delimited.hpp).
#include "screening/lists/delimited.hpp"

namespace exportctl::detail::lists {

delimited_reader::delimited_reader(std::string_view text, char delimiter, std::size_t max_cell)
    : text_(text), delim_(delimiter), max_cell_(max_cell) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

bool delimited_reader::next(record& out) {
  out.cells.clear();
  if (!error_.empty() || pos_ >= text_.size()) return false;
  out.line = line_;
  std::string cell;
  bool quoted = false, was_quoted = false;
  auto fail = [&](std::string what) {
    error_ = std::move(what);
    error_line_ = line_;
    return false;
  };
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (quoted) {
      ++pos_;
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          cell += '"';
          ++pos_;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line_;
        cell += c;
      }
    } else if (c == '"') {
      // A quote opens a cell only at its start; OFAC pads some cells with a space before the
      // quote, which is accepted as blank.
      if (!cell.empty() && !trim(cell).empty()) return fail("quote inside an unquoted cell");
      if (was_quoted) return fail("text after a closing quote");
      cell.clear();
      quoted = was_quoted = true;
      ++pos_;
    } else if (c == delim_) {
      out.cells.push_back(std::move(cell));
      cell.clear();
      was_quoted = false;
      ++pos_;
    } else if (c == '\r' || c == '\n') {
      pos_ += (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ? 2 : 1;
      ++line_;
      out.cells.push_back(std::move(cell));
      return true;
    } else {
      // OFAC writes `"name",-0- ,` : blanks after a closing quote are padding.
      if (was_quoted && c != ' ' && c != '\t') return fail("text after a closing quote");
      if (!was_quoted) cell += c;
      ++pos_;
    }
    if (cell.size() > max_cell_)
      return fail("cell longer than " + std::to_string(max_cell_) + " bytes");
  }
  if (quoted) {
    line_ = out.line;
    return fail("unterminated quoted cell");
  }
  out.cells.push_back(std::move(cell));
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view ofac_value(std::string_view cell) {
  cell = trim(cell);
  return cell == "-0-" ? std::string_view{} : cell;
}

}  // namespace exportctl::detail::lists
