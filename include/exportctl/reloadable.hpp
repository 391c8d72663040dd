// exportctl — export-control rules engine for AI chips.
// reloadable.hpp: an engine whose rule packs can be replaced while other threads keep deciding
// shipments. The C API and the Python bindings use this same mechanism.
#pragma once

#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "exportctl/diagnostic.hpp"
#include "exportctl/engine.hpp"

namespace exportctl {

/// Holds the current engine and swaps in a new pack set atomically.
///
/// - `current()` returns a snapshot: a check made with it finishes on the packs it started with,
///   even if `reload()` swaps in new packs meanwhile (the snapshot keeps the old packs alive).
/// - `reload()` loads the new packs completely before swapping; if they fail to load, the old
///   packs stay in place and the diagnostics say why.
/// - Every member may be called from any number of threads at once.
///
///     exportctl::engine_handle h(*exportctl::engine::load({}).value);
///     auto eng = h.current();                      // use for one or many checks
///     auto r = h.reload({{"/etc/exportctl/rules"}, {}});
///     if (!r.reloaded) { /* still on the old packs; r.diagnostics say why */ }
class engine_handle {
 public:
  /// Starts with an already loaded engine.
  explicit engine_handle(engine initial)
      : current_(std::make_shared<const engine>(std::move(initial))) {}

  engine_handle(const engine_handle&) = delete;
  engine_handle& operator=(const engine_handle&) = delete;

  /// The engine in force now; cheap (an uncontended lock and one reference count).
  [[nodiscard]] std::shared_ptr<const engine> current() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return current_;
  }

  /// Result of a reload: whether the new packs are now in force, and the load's diagnostics
  /// (warnings on success; the errors that kept the old packs in place otherwise).
  struct reload_result {
    bool reloaded = false;
    std::vector<diagnostic> diagnostics;
  };

  /// Loads `options` completely and, only if that succeeds, makes it the current engine. The
  /// new engine keeps the input limits of the one it replaces (docs/limits.md).
  [[nodiscard]] reload_result reload(const engine_options& options) {
    engine_result built = engine::load(options, current()->limits());
    reload_result out{built.value.has_value(), std::move(built.diagnostics)};
    if (built.value) {
      auto next = std::make_shared<const engine>(std::move(*built.value));
      std::lock_guard<std::mutex> lock(mutex_);
      current_.swap(next);
    }  // the old engine is released here, outside the lock (or later, by its last check)
    return out;
  }

 private:
  // A mutex, not std::atomic<std::shared_ptr>: GCC 12's atomic<shared_ptr>::load releases its
  // lock bit with memory_order_relaxed, which ThreadSanitizer reports as a race with store (and
  // which weakly ordered CPUs may reorder). The critical section is one reference count.
  mutable std::mutex mutex_;
  std::shared_ptr<const engine> current_;
};

}  // namespace exportctl
