// pg_db.cpp: the PostgreSQL implementation of sql_connection, the ledger shared by several hosts
// (`--db postgresql://...`). The only file that includes libpq-fe.h (src/layers.txt).
//
// Statements keep SQLite's `?` placeholders (the ledger writes its SQL once); they are numbered
// $1, $2, ... here. Values travel as text: libpq's text format is exact for integers, and
// doubles are written with to_chars' shortest round-trip form, so nothing is lost either way.
// Writers are serialized by row locks (lock_suffix()), waiting at most lock_timeout, which is the
// busy timeout: a lock held longer is `busy`, and the ledger retries the whole transaction.
// Credentials never reach a message: name() and every error have the password removed.
#include <libpq-fe.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <unordered_map>

#include "ledger/sql.hpp"

namespace exportctl::detail {
namespace {

// Type OIDs from pg_type.h (stable across releases; the server header is not installed with
// libpq).
constexpr Oid oid_bool = 16, oid_int8 = 20, oid_int2 = 21, oid_int4 = 23, oid_float4 = 700,
              oid_float8 = 701, oid_numeric = 1700;

sql_error_kind pg_kind(const char* sqlstate) {
  const std::string_view s = sqlstate != nullptr ? sqlstate : "";
  if (s == "40001" || s == "40P01") return sql_error_kind::serialization;
  // 55P03 is lock_timeout; 57014 a statement cancelled by a timeout.
  if (s == "55P03" || s == "57014") return sql_error_kind::busy;
  if (s.starts_with("23")) return sql_error_kind::constraint;
  if (s.starts_with("08")) return sql_error_kind::connection;
  return sql_error_kind::other;
}

// One line: libpq ends messages with a newline and puts hints on lines of their own.
std::string one_line(const char* text) {
  std::string_view s = text != nullptr ? text : "";
  std::string out;
  bool newline = false;
  for (const char c : s) {
    if (c == '\n') {
      newline = true;
    } else if (newline && (c == '\t' || c == ' ')) {
      continue;
    } else {
      if (newline && !out.empty()) out += "; ";
      newline = false;
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The server's message, its detail and hint, without libpq's "ERROR:  " prefix.
std::string result_message(const PGresult* r) {
  const char* primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
  if (primary == nullptr) return one_line(PQresultErrorMessage(r));
  std::string msg = one_line(primary);
  for (const char field : {PG_DIAG_MESSAGE_DETAIL, PG_DIAG_MESSAGE_HINT})
    if (const char* more = PQresultErrorField(r, field); more != nullptr)
      msg += "; " + one_line(more);
  return msg;
}

std::string percent_decoded(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned v = 0;
    if (s[i] == '%' && i + 2 < s.size() &&
        std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16).ptr == s.data() + i + 3) {
      out += static_cast<char>(v);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// A URI without its password (userinfo `user:password@` and the `password=` query parameter);
// each password removed is added to *secrets, so messages can be cleaned of it too.
std::string uri_without_password(const std::string& uri, std::vector<std::string>* secrets) {
  const auto scheme = uri.find("://");
  if (scheme == std::string::npos) return uri;
  const auto start = scheme + 3;
  const auto end_authority = std::min(uri.find_first_of("/?", start), uri.size());
  const std::string_view authority(uri.data() + start, end_authority - start);
  std::string out = uri.substr(0, start);
  std::size_t host = start;
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    const auto userinfo = authority.substr(0, at);
    const auto colon = userinfo.find(':');
    out += userinfo.substr(0, colon);
    if (colon != std::string_view::npos) {
      secrets->emplace_back(userinfo.substr(colon + 1));
      secrets->push_back(percent_decoded(userinfo.substr(colon + 1)));
    }
    out += '@';
    host = start + at + 1;
  }
  const auto query = uri.find('?', host);
  out += uri.substr(host, (query == std::string::npos ? uri.size() : query) - host);
  if (query == std::string::npos) return out;
  char sep = '?';
  std::string_view rest(uri.data() + query + 1, uri.size() - query - 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto param = rest.substr(0, amp);
    if (param.starts_with("password=")) {
      secrets->emplace_back(param.substr(9));
      secrets->push_back(percent_decoded(param.substr(9)));
    } else if (!param.empty()) {
      out += sep;
      out += param;
      sep = '&';
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return out;
}

// The name of a connection: the URI as given without its password, or for a `key=value` string
// its options without the password.
std::string connection_name(const std::string& conninfo, std::vector<std::string>* secrets) {
  const bool uri = conninfo.starts_with("postgresql://") || conninfo.starts_with("postgres://");
  std::string name = uri ? uri_without_password(conninfo, secrets) : std::string();
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
  PQfreemem(err);
  if (opts == nullptr) return uri ? name : "postgresql (an unreadable connection string)";
  for (const PQconninfoOption* o = opts; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || *o->val == '\0') continue;
    if (std::strcmp(o->keyword, "password") == 0) {
      secrets->emplace_back(o->val);
      continue;
    }
    if (uri) continue;
    if (!name.empty()) name += ' ';
    std::string value = o->val;
    if (value.find_first_of(" '\\") != std::string::npos) {  // quoted as libpq reads it
      std::string q = "'";
      for (const char ch : value)
        q += ch == '\'' || ch == '\\' ? std::string{'\\', ch} : std::string{ch};
      value = q + "'";
    }
    name += std::string(o->keyword) + '=' + value;
  }
  PQconninfoFree(opts);
  return name;
}

// Messages from libpq may quote the connection string (e.g. an invalid URI); no password stays.
std::string without_secrets(std::string msg, const std::vector<std::string>& secrets) {
  for (const auto& s : secrets) {
    if (s.empty()) continue;
    for (auto at = msg.find(s); at != std::string::npos; at = msg.find(s, at + 3))
      msg.replace(at, s.size(), "***");
  }
  return msg;
}

// `?` -> `$n`, except inside string literals, quoted identifiers and `--` comments. Returns the
// number of placeholders in *count.
std::string numbered_placeholders(std::string_view sql, std::size_t* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  *count = 0;
  char quote = 0;  // ' or " while inside one
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote != 0) {
      if (c == quote) quote = 0;  // a doubled quote closes and reopens: the same result
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const auto eol = std::min(sql.find('\n', i), sql.size());
      out.append(sql.substr(i, eol - i));
      i = eol - 1;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++*count);
    } else {
      out += c;
    }
  }
  return out;
}

sql_value column(const PGresult* r, int row, int col) {
  if (PQgetisnull(r, row, col) != 0) return std::monostate{};
  const char* p = PQgetvalue(r, row, col);
  const auto n = static_cast<std::size_t>(PQgetlength(r, row, col));
  switch (PQftype(r, col)) {
    case oid_int2:
    case oid_int4:
    case oid_int8: {
      std::int64_t v = 0;
      if (std::from_chars(p, p + n, v).ptr == p + n) return v;
      break;
    }
    case oid_float4:
    case oid_float8:
    case oid_numeric: {
      double v = 0;
      if (std::from_chars(p, p + n, v).ptr == p + n) return v;
      break;
    }
    case oid_bool:  // as SQLite's comparisons: 1 or 0
      return std::int64_t{n == 1 && *p == 't' ? 1 : 0};
    default:
      break;
  }
  return std::string(p, n);
}

class pg_connection final : public sql_connection {
 public:
  pg_connection(PGconn* conn, std::string name) : conn_(conn), name_(std::move(name)) {}
  ~pg_connection() override {
    rollback();
    PQfinish(conn_);
  }

  using sql_connection::exec;  // the one-argument form, hidden by the override below

  [[nodiscard]] sql_dialect dialect() const override { return sql_dialect::postgresql; }
  [[nodiscard]] std::string_view lock_suffix() const override { return " FOR UPDATE"; }
  [[nodiscard]] const std::string& name() const override { return name_; }

  sql_status exec(std::string_view sql, std::span<const sql_value> params,
                  std::vector<sql_row>* rows) override {
    bound b;
    if (auto st = bind(sql, params, b); !st.ok()) return st;
    PGresult* r = PQexecPrepared(conn_, b.statement->c_str(), static_cast<int>(b.values.size()),
                                 b.values.data(), nullptr, nullptr, 0);
    return finish(r, rows);
  }

  // The writes go out together and their results come back together: one round trip instead
  // of one per statement (a release's writes, each waiting for the server, were most of its
  // time on a socket). Every statement is prepared first, outside the pipeline.
  sql_status exec_writes(std::span<const write> writes) override {
    if (writes.size() < 2) return sql_connection::exec_writes(writes);
    return pipeline(writes, nullptr);
  }

  // The writes and the COMMIT in one round trip; as commit(), a COMMIT that the server answers
  // with ROLLBACK (an earlier statement failed) is a failure, and the transaction is over.
  sql_status commit_after(std::span<const write> writes) override {
    bool ended = false;
    auto s = pipeline(writes, &ended);
    // A COMMIT the server ran ended the transaction, whatever it answered; one it skipped
    // after a failed write left it open and aborted, for rollback() to end.
    if (ended) in_tx_ = false;
    return s;
  }

 private:
  // Sends the writes, and a COMMIT after them when `commit_ran` is not null (set to whether the
  // server ran it), in one pipeline; the first failure.
  sql_status pipeline(std::span<const write> writes, bool* commit_ran) {
    const bool commit = commit_ran != nullptr;
    std::vector<bound> all(writes.size());
    for (std::size_t i = 0; i < writes.size(); ++i)
      if (auto st = bind(writes[i].sql, writes[i].params, all[i]); !st.ok()) return st;
    if (PQenterPipelineMode(conn_) != 1)
      return {sql_error_kind::connection, one_line(PQerrorMessage(conn_)) + " (" + name_ + ")"};
    sql_status first;
    std::size_t sent = 0;
    for (const auto& b : all) {
      if (PQsendQueryPrepared(conn_, b.statement->c_str(), static_cast<int>(b.values.size()),
                              b.values.data(), nullptr, nullptr, 0) != 1)
        break;
      ++sent;
    }
    bool committing = false;
    if (sent == all.size() && commit) {
      committing =
          PQsendQueryParams(conn_, "COMMIT", 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
      if (committing) ++sent;
    }
    if (sent < all.size() + (commit ? 1 : 0) || PQpipelineSync(conn_) != 1)
      first = {sql_error_kind::connection, one_line(PQerrorMessage(conn_)) + " (" + name_ + ")"};
    // One result (then a null) per statement sent; after a failure the server skips the rest
    // (PGRES_PIPELINE_ABORTED); then the sync's own result.
    for (std::size_t i = 0; i < sent; ++i) {
      const bool is_commit = committing && i + 1 == sent;
      while (PGresult* r = PQgetResult(conn_)) {
        if (PQresultStatus(r) == PGRES_PIPELINE_ABORTED) {
          PQclear(r);
          if (is_commit && first.ok())
            first = {sql_error_kind::other, "the commit did not run (" + name_ + ")"};
          continue;
        }
        if (is_commit) *commit_ran = true;
        const bool rolled_back = is_commit && PQresultStatus(r) == PGRES_COMMAND_OK &&
                                 std::strcmp(PQcmdStatus(r), "ROLLBACK") == 0;
        auto st = finish(r, nullptr);
        if (first.ok() && !st.ok()) first = st;
        if (first.ok() && rolled_back)
          first = {sql_error_kind::other,
                   "the transaction was rolled back by an earlier failed statement, not "
                   "committed (" +
                       name_ + ")"};
      }
    }
    if (PQpipelineStatus(conn_) != PQ_PIPELINE_OFF) {
      while (PGresult* r = PQgetResult(conn_)) {
        const bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
        PQclear(r);
        if (sync) break;
      }
    }
    if (PQexitPipelineMode(conn_) != 1 && first.ok())
      first = {sql_error_kind::connection, one_line(PQerrorMessage(conn_)) + " (" + name_ + ")"};
    if (PQstatus(conn_) == CONNECTION_BAD && first.ok())
      first = {sql_error_kind::connection, one_line(PQerrorMessage(conn_)) + " (" + name_ + ")"};
    return first;
  }

 public:
  sql_status exec_script(std::string_view sql) override {
    const std::string text(sql);
    return finish(PQexec(conn_, text.c_str()), nullptr);
  }

  sql_status begin_write() override { return begin("BEGIN"); }
  sql_status begin_read() override {
    return begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }
  sql_status commit() override {
    PGresult* r = PQexec(conn_, "COMMIT");
    // COMMIT of a transaction an earlier statement aborted succeeds, as a ROLLBACK: nothing was
    // written, which must not pass for a commit.
    const bool rolled_back = r != nullptr && PQresultStatus(r) == PGRES_COMMAND_OK &&
                             std::strcmp(PQcmdStatus(r), "ROLLBACK") == 0;
    auto s = finish(r, nullptr);
    // A failed COMMIT ends the transaction too (the server rolls it back).
    in_tx_ = false;
    if (s.ok() && rolled_back)
      return {sql_error_kind::other,
              "the transaction was rolled back by an earlier failed statement, not committed (" +
                  name_ + ")"};
    return s;
  }
  void rollback() override {
    if (!in_tx_) return;
    PQclear(PQexec(conn_, "ROLLBACK"));
    in_tx_ = false;
  }

  sql_status configure(int busy_timeout_ms) {
    // A notice (e.g. "there is no transaction in progress") would go to stderr: the ledger's
    // output is its own.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    // lock_timeout 0 would mean waiting forever, where a busy timeout of 0 means not waiting.
    const int ms = busy_timeout_ms > 0 ? busy_timeout_ms : 1;
    return exec_script("SET lock_timeout = " + std::to_string(ms) +
                       "; SET client_min_messages = warning; SET synchronous_commit = on;");
  }

 private:
  sql_status begin(const char* sql) {
    auto s = finish(PQexec(conn_, sql), nullptr);
    if (s.ok()) in_tx_ = true;
    return s;
  }

  // A statement's parameters as libpq takes them, and its prepared name.
  struct bound {
    std::vector<std::string> texts;
    std::vector<const char*> values;
    const std::string* statement = nullptr;
  };

  // Prepares `sql` once per connection and parameter types (the server parses and plans it
  // once; a release runs the same few statements) and renders the parameters.
  sql_status bind(std::string_view sql, std::span<const sql_value> params, bound& b) {
    std::size_t count = 0;
    const std::string text = numbered_placeholders(sql, &count);
    if (count != params.size())
      return {sql_error_kind::other, "statement has " + std::to_string(count) + " parameters, " +
                                         std::to_string(params.size()) + " given"};
    b.texts.assign(params.size(), {});
    b.values.assign(params.size(), nullptr);
    // Integers and doubles are typed, so `SELECT ?` returns them as what they are; text and NULL
    // are left to the server to infer from where they are used.
    std::vector<Oid> types(params.size(), 0);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const auto& p = params[i];
      std::array<char, 64> buf{};
      if (const auto* n = std::get_if<std::int64_t>(&p)) {
        b.texts[i].assign(buf.data(), std::to_chars(buf.data(), buf.data() + buf.size(), *n).ptr);
        types[i] = oid_int8;
      } else if (const auto* d = std::get_if<double>(&p)) {
        b.texts[i].assign(buf.data(), std::to_chars(buf.data(), buf.data() + buf.size(), *d).ptr);
        types[i] = oid_float8;
      } else if (const auto* s = std::get_if<std::string>(&p)) {
        b.texts[i] = *s;
      }
    }
    for (std::size_t i = 0; i < params.size(); ++i)
      b.values[i] =
          std::holds_alternative<std::monostate>(params[i]) ? nullptr : b.texts[i].c_str();
    std::string key = text;
    key += '\x1f';
    for (Oid t : types) key += std::to_string(t) + ',';
    auto it = prepared_.find(key);
    if (it == prepared_.end()) {
      std::string stmt = "exportctl_" + std::to_string(prepared_.size() + 1);
      PGresult* p = PQprepare(conn_, stmt.c_str(), text.c_str(), static_cast<int>(types.size()),
                              types.data());
      if (auto st = finish(p, nullptr); !st.ok()) return st;
      it = prepared_.emplace(std::move(key), std::move(stmt)).first;
    }
    b.statement = &it->second;
    return {};
  }

  // Turns a result into a status (and rows), and frees it.
  sql_status finish(PGresult* r, std::vector<sql_row>* rows) {
    struct clearer {
      PGresult* r;
      ~clearer() { PQclear(r); }
    } clear{r};
    const auto st = r != nullptr ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_EMPTY_QUERY) return {};
    if (st == PGRES_TUPLES_OK) {
      if (rows == nullptr) return {};
      const int n = PQntuples(r);
      const int cols = PQnfields(r);
      rows->reserve(rows->size() + static_cast<std::size_t>(n));
      for (int i = 0; i < n; ++i) {
        sql_row row;
        row.columns.reserve(static_cast<std::size_t>(cols));
        for (int c = 0; c < cols; ++c) row.columns.push_back(column(r, i, c));
        rows->push_back(std::move(row));
      }
      return {};
    }
    sql_error_kind kind = sql_error_kind::other;
    std::string msg;
    if (r != nullptr && st != PGRES_COPY_IN && st != PGRES_COPY_OUT) {
      kind = pg_kind(PQresultErrorField(r, PG_DIAG_SQLSTATE));
      msg = result_message(r);
    }
    if (msg.empty()) msg = one_line(PQerrorMessage(conn_));
    if (msg.empty()) msg = "unexpected result " + std::string(PQresStatus(st));
    if (PQstatus(conn_) == CONNECTION_BAD) kind = sql_error_kind::connection;
    return {kind, msg + " (" + name_ + ")"};
  }

  PGconn* conn_;
  std::string name_;
  bool in_tx_ = false;
  std::unordered_map<std::string, std::string> prepared_;  // SQL and types -> statement name
};

}  // namespace

sql_open_result open_postgresql(const std::string& conninfo, const sql_open_options& options) {
  std::vector<std::string> secrets;
  std::string name = connection_name(conninfo, &secrets);
  // Defaults the connection string overrides (libpq expands it in place of dbname, after them):
  // without a connect timeout, a release against an unreachable host would hang for as long as
  // TCP retries; the application name shows the ledger's sessions in pg_stat_activity.
  const std::array<const char*, 4> keys{"connect_timeout", "fallback_application_name", "dbname",
                                        nullptr};
  const std::array<const char*, 4> values{"10", "exportctl", conninfo.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys.data(), values.data(), 1);
  if (conn == nullptr)
    return {nullptr, {sql_error_kind::connection, "out of memory connecting to " + name}};
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = without_secrets(one_line(PQerrorMessage(conn)), secrets);
    PQfinish(conn);
    return {nullptr, {sql_error_kind::connection, msg + " (" + name + ")"}};
  }
  auto c = std::make_unique<pg_connection>(conn, std::move(name));
  if (auto s = c->configure(options.busy_timeout_ms); !s.ok()) return {nullptr, s};
  return {std::move(c), {}};
}

}  // namespace exportctl::detail
