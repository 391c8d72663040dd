// document.cpp: YAML/JSON text → doc_node tree with 1-based positions. The only file that
// includes yaml-cpp. We use yaml-cpp's event API rather than YAML::Node because Node silently
// keeps the first of two duplicate keys, expands aliases (alias bombs) and forgets whether a
// scalar was quoted; events let us check all three and keep every position.
#include "doc/document.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <sstream>
#include <unordered_map>

#include "doc/text_encoding.hpp"
#include "model/diag_codes.hpp"

namespace exportctl::detail {

doc_node::doc_node() = default;
doc_node::doc_node(const doc_node&) = default;
doc_node::doc_node(doc_node&&) noexcept = default;
doc_node& doc_node::operator=(const doc_node&) = default;
doc_node& doc_node::operator=(doc_node&&) noexcept = default;
doc_node::~doc_node() = default;

const doc_node* doc_node::find(std::string_view key) const {
  for (const auto& [name, value] : entries) {
    if (name.text == key) return &value;
  }
  return nullptr;
}

namespace {

// Thrown from the event handler to abandon a parse; yaml-cpp unwinds cleanly through it.
struct too_deep {
  YAML::Mark mark;
};

diagnostic make_error(diag_code code, std::string message, const std::string& file, int line,
                      int column, std::string help = {}, std::string path = {}) {
  diagnostic d;
  d.path = std::move(path);
  d.code = code;
  d.message = std::move(message);
  d.file = file;
  d.line = line;
  d.column = column;
  d.help = std::move(help);
  return d;
}

// yaml-cpp marks are 0-based; a null mark (-1) means "unknown" and becomes 0.
int one_based(int v) { return v >= 0 ? v + 1 : 0; }

class tree_builder final : public YAML::EventHandler {
 public:
  // Deeper nesting than max_depth has no use in packs or shipments and would let hostile input
  // exhaust the stack of yaml-cpp's recursive parser and of every later recursive pass.
  tree_builder(const std::string& file, std::vector<diagnostic>& out, int max_depth,
               const surrogate_rewrite* rewrite = nullptr)
      : file_(file), out_(out), max_depth_(max_depth), rewrite_(rewrite) {}

  /// The 1-based column of `mark` in the text as written (yaml-cpp may have parsed a rewrite).
  [[nodiscard]] int column(const YAML::Mark& mark) const {
    return rewrite_ ? rewrite_->written_column(mark.line, mark.column) : one_based(mark.column);
  }

  std::optional<doc_node> root;
  bool saw_alias = false;
  YAML::Mark doc_start;

  void OnDocumentStart(const YAML::Mark& mark) override { doc_start = mark; }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override {
    add(leaf(mark, doc_node::kind::null, {}, false));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override {
    out_.push_back(make_error("EXC-E1003", "aliases (`*name`) are not allowed", file_,
                              one_based(mark.line), column(mark), "write the value out in full",
                              here()));
    saw_alias = true;
    add(leaf(mark, doc_node::kind::null, {}, false));
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t /*anchor*/,
                const std::string& value) override {
    // yaml-cpp gives plain scalars the tag "?" and quoted or block scalars the non-specific
    // tag "!": that is how we know "12" is a string and 12 a number.
    const bool plain = tag == "?" || tag.empty();
    if (!plain && tag != "!") report_tag(mark, tag);
    if (plain && value.empty()) {
      add(leaf(mark, doc_node::kind::null, {}, false));
    } else {
      add(leaf(mark, doc_node::kind::scalar, value, !plain));
    }
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    open(mark, tag, doc_node::kind::sequence);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    open(mark, tag, doc_node::kind::mapping);
  }
  void OnMapEnd() override { close(); }

 private:
  // An open collection. A mapping alternates between waiting for a key and for its value.
  struct frame {
    doc_node node;
    bool have_key = false;
    bool drop_value = false;  // the key was rejected: its value is parsed but not kept
    doc_node key;
    std::string path;  // logical path of this collection, for diagnostics
    std::unordered_map<std::string, std::pair<int, int>> first;  // key → line, column of first
  };

  // The logical path of the node that is about to be added ("country_groups[2].members").
  [[nodiscard]] std::string here() const {
    if (stack_.empty()) return {};
    const frame& top = stack_.back();
    if (top.node.is_sequence()) return top.path + "[" + std::to_string(top.node.items.size()) + "]";
    if (!top.have_key) return top.path;
    return top.path.empty() ? top.key.text : top.path + "." + top.key.text;
  }

  [[nodiscard]] doc_node leaf(const YAML::Mark& mark, doc_node::kind k, std::string text,
                              bool quoted) const {
    doc_node n;
    n.k = k;
    n.text = std::move(text);
    n.quoted = quoted;
    n.line = one_based(mark.line);
    n.column = column(mark);
    return n;
  }

  void report_tag(const YAML::Mark& mark, const std::string& tag) {
    out_.push_back(make_error("EXC-E1007", "explicit tag `" + tag + "` is not supported", file_,
                              one_based(mark.line), column(mark),
                              "remove the tag; quote the value if it must be a string", here()));
  }

  void open(const YAML::Mark& mark, const std::string& tag, doc_node::kind k) {
    if (!tag.empty() && tag != "?") report_tag(mark, tag);
    if (static_cast<int>(stack_.size()) >= max_depth_) throw too_deep{mark};
    frame f;
    f.node = leaf(mark, k, {}, false);
    f.path = here();
    stack_.push_back(std::move(f));
  }

  void close() {
    doc_node done = std::move(stack_.back().node);
    stack_.pop_back();
    add(std::move(done));
  }

  // Attaches a finished node to its parent (or makes it the root).
  void add(doc_node n) {
    if (stack_.empty()) {
      root = std::move(n);
      return;
    }
    frame& top = stack_.back();
    if (top.node.k == doc_node::kind::sequence) {
      top.node.items.push_back(std::move(n));
      return;
    }
    if (!top.have_key) {
      take_key(top, std::move(n));
      return;
    }
    top.have_key = false;
    if (top.drop_value) return;
    // `key:` with nothing after it: yaml-cpp places the null at the next token, often on a
    // later line; the key's own position is where the reader expects to be sent.
    if (n.is_null() && n.line != top.key.line) {
      n.line = top.key.line;
      n.column = top.key.column;
    }
    top.node.entries.emplace_back(std::move(top.key), std::move(n));
  }

  void take_key(frame& top, doc_node key) {
    top.have_key = true;
    top.drop_value = false;
    if (!key.is_scalar()) {
      out_.push_back(make_error("EXC-E1006", "mapping keys must be plain strings", file_, key.line,
                                key.column, "complex (`? [a, b]`) and null keys are not supported",
                                top.path));
      top.drop_value = true;
      top.key = std::move(key);
      return;
    }
    const auto [it, inserted] = top.first.emplace(key.text, std::make_pair(key.line, key.column));
    if (!inserted) {
      const auto [line, column] = it->second;
      std::string where = "line " + std::to_string(line);
      if (line == key.line) where += ", column " + std::to_string(column);
      out_.push_back(make_error(
          "EXC-E1002", "duplicate key `" + key.text + "` (first defined at " + where + ")", file_,
          key.line, key.column, "remove or rename one of the two entries", top.path));
      top.drop_value = true;  // the first occurrence wins, as in yaml-cpp itself
    }
    top.key = std::move(key);
  }

  const std::string& file_;
  std::vector<diagnostic>& out_;
  int max_depth_;
  const surrogate_rewrite* rewrite_;
  std::vector<frame> stack_;
};

}  // namespace

std::optional<doc_node> parse_document(std::string_view text, const std::string& file,
                                       std::vector<diagnostic>& out, int max_depth) {
  if (const auto bad = find_encoding_problem(text)) {
    // Line and column of the bad byte, 1-based, columns counted in bytes.
    const std::string_view before = text.substr(0, bad->offset);
    const std::size_t line_start = before.rfind('\n');
    const auto line = static_cast<int>(std::count(before.begin(), before.end(), '\n')) + 1;
    const auto column = static_cast<int>(
        bad->offset - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1);
    out.push_back(make_error("EXC-E1008", bad->message, file, line, column,
                             "save the file as UTF-8 text; binary data is not a document"));
    return std::nullopt;
  }
  // JSON's surrogate-pair escapes, which yaml-cpp refuses, in YAML's spelling; positions are
  // reported in the text as written.
  const std::optional<surrogate_rewrite> rewrite = rewrite_surrogate_pairs(text);
  std::istringstream in{rewrite ? rewrite->text : std::string(text)};
  YAML::Parser parser(in);
  tree_builder builder(file, out, max_depth, rewrite ? &*rewrite : nullptr);
  try {
    if (!parser.HandleNextDocument(builder) || !builder.root || builder.root->is_null()) {
      out.push_back(make_error("EXC-E1004", "the document is empty", file,
                               builder.root ? builder.root->line : 0,
                               builder.root ? builder.root->column : 0));
      return std::nullopt;
    }
    // A second document would be silently ignored by a reader that takes the first: refuse it.
    std::vector<diagnostic> ignored;  // problems inside the refused document are beside the point
    tree_builder rest(file, ignored, max_depth);
    if (parser.HandleNextDocument(rest)) {
      out.push_back(make_error("EXC-E1004", "more than one YAML document in one file", file,
                               one_based(rest.doc_start.line), builder.column(rest.doc_start),
                               "split the documents into separate files"));
      return std::nullopt;
    }
  } catch (const too_deep& e) {
    out.push_back(make_error("EXC-E1005",
                             "nesting deeper than " + std::to_string(max_depth) + " levels", file,
                             one_based(e.mark.line), builder.column(e.mark)));
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    // ParserException and its subclasses (DeepRecursion) carry the mark of the problem.
    out.push_back(make_error("EXC-E1001", "syntax error: " + e.msg, file, one_based(e.mark.line),
                             builder.column(e.mark)));
    return std::nullopt;
  }
  // Aliases are reported where they occur, but a tree with holes where they were would only
  // produce misleading follow-on errors.
  if (builder.saw_alias) return std::nullopt;
  return std::move(builder.root);
}

}  // namespace exportctl::detail
