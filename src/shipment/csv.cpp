#include "shipment/csv.hpp"

#include <utility>

namespace exportctl::detail {

csv_reader::csv_reader(std::istream& in, std::string source_name)
    : in_(in), source_name_(std::move(source_name)), buffer_(1 << 16) {}

int csv_reader::peek() {
  if (pos_ == end_) {
    if (eof_) return -1;
    in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    end_ = static_cast<std::size_t>(in_.gcount());
    pos_ = 0;
    if (end_ == 0) {
      eof_ = true;
      return -1;
    }
  }
  return static_cast<unsigned char>(buffer_[pos_]);
}

int csv_reader::get() {
  const int c = peek();
  if (c == -1) return c;
  ++pos_;
  if (c == '\n') {
    ++line_;
    column_ = 0;
  } else {
    ++column_;
  }
  return c;
}

void csv_reader::fail(std::optional<diagnostic>& error, std::size_t line, std::size_t column,
                      std::string message) {
  diagnostic d;
  d.code = "EXC-E6007";
  d.message = std::move(message);
  d.file = source_name_;
  d.line = static_cast<int>(line);
  d.column = static_cast<int>(column);
  d.help = "quote a cell that holds `,`, `\"` or a line break, and double each `\"` inside it";
  error = std::move(d);
  // Resynchronise at the next line: the rest of this record cannot be trusted.
  for (int c = get(); c != -1 && c != '\n'; c = get()) {
  }
}

bool csv_reader::next(csv_record& out, std::optional<diagnostic>& error) {
  error.reset();
  out.cells.clear();
  if (!started_) {
    started_ = true;
    // Spreadsheets often write a UTF-8 byte-order mark; it is not part of the first column name.
    if (peek() == 0xEF && end_ - pos_ >= 3 &&
        static_cast<unsigned char>(buffer_[pos_ + 1]) == 0xBB &&
        static_cast<unsigned char>(buffer_[pos_ + 2]) == 0xBF)
      pos_ += 3;
  }
  for (;;) {  // blank lines separate nothing; skip them
    const int c = peek();
    if (c == -1) return false;
    if (c != '\n' && c != '\r') break;
    get();
  }
  out.line = line_;
  std::string cell;
  for (;;) {
    cell.clear();
    int c = peek();
    if (c == '"') {
      const std::size_t open_line = line_;
      const std::size_t open_column = column_ + 1;
      get();
      for (;;) {
        c = get();
        if (c == -1) {
          fail(error, open_line, open_column, "quoted cell is not closed before the end of input");
          out.cells.push_back(cell);
          return true;
        }
        if (c == '"') {
          if (peek() != '"') break;
          get();
        }
        cell.push_back(static_cast<char>(c));
      }
      c = peek();
      if (c != ',' && c != '\n' && c != '\r' && c != -1) {
        fail(error, line_, column_ + 1, "text after the closing quote of a cell");
        out.cells.push_back(cell);
        return true;
      }
    } else {
      for (c = peek(); c != ',' && c != '\n' && c != '\r' && c != -1; c = peek()) {
        if (c == '"') {
          fail(error, line_, column_ + 1, "quote inside an unquoted cell");
          out.cells.push_back(cell);
          return true;
        }
        cell.push_back(static_cast<char>(get()));
      }
    }
    out.cells.push_back(cell);
    c = get();
    if (c == ',') continue;
    if (c == '\r' && peek() == '\n') get();
    return true;
  }
}

}  // namespace exportctl::detail
