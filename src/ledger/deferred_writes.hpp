// deferred_writes.hpp: a view of a connection that holds back writes (statements run without
// wanting rows) and sends them together with sql_connection::exec_writes, in one round trip on
// PostgreSQL. A read (rows wanted) sends the held writes first, so every statement still sees
// those before it; commit() sends the rest with the COMMIT (commit_after), and a failure of a
// held write is reported by whichever sends it: the transaction then rolls back.
#pragma once

#include <string>
#include <vector>

#include "ledger/sql.hpp"

namespace exportctl::detail {

class deferred_writes final : public sql_connection {
 public:
  explicit deferred_writes(sql_connection& db) : db_(db) {}

  using sql_connection::exec;

  [[nodiscard]] sql_dialect dialect() const override { return db_.dialect(); }
  [[nodiscard]] std::string_view lock_suffix() const override { return db_.lock_suffix(); }
  [[nodiscard]] const std::string& name() const override { return db_.name(); }

  sql_status exec(std::string_view sql, std::span<const sql_value> args,
                  std::vector<sql_row>* rows) override {
    if (rows == nullptr) {
      held_.push_back({std::string(sql), {args.begin(), args.end()}});
      return {};
    }
    if (auto s = flush(); !s.ok()) return s;
    return db_.exec(sql, args, rows);
  }
  /// Sends the held writes; the first failure, if any.
  sql_status flush() {
    if (held_.empty()) return {};
    auto s = db_.exec_writes(held_);
    held_.clear();
    return s;
  }

  // Transactions and scripts are the caller's, on the connection itself.
  sql_status exec_script(std::string_view sql) override {
    if (auto s = flush(); !s.ok()) return s;
    return db_.exec_script(sql);
  }
  sql_status begin_write() override { return db_.begin_write(); }
  sql_status begin_read() override { return db_.begin_read(); }
  // The held writes go with the COMMIT (one round trip on PostgreSQL).
  sql_status commit() override {
    std::vector<write> held = std::move(held_);
    held_.clear();
    return held.empty() ? db_.commit() : db_.commit_after(held);
  }
  void rollback() override {
    held_.clear();
    db_.rollback();
  }

 private:
  sql_connection& db_;
  std::vector<write> held_;
};

}  // namespace exportctl::detail
