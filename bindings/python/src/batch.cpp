// batch.cpp: the check_many pipeline. One check is a couple of microseconds of C++; converting a
// dict and wrapping its decision as a Python object cost about as much again and need the GIL.
// So the work overlaps: the calling thread converts slot after slot and publishes them while the
// workers decide published slots; then it wraps finished slots in input order, and whenever the
// next one is not finished it releases the GIL and decides a few slots itself.
#include "batch.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

#include "convert.hpp"

namespace exportctl::python {
namespace {

struct slot {
  std::optional<shipment> input;  // converted by the fast path; empty: use the text path
  outcome_slot result;
  bool slow = false;              // decide through the text path afterwards (with the GIL)
  std::atomic<bool> done{false};  // result (or slow) is final
};

// Publishing every slot would wake the workers too often; every few slots keeps them busy.
constexpr std::size_t publish_every = 32;
// Slots the calling thread decides per GIL release when it runs ahead of the workers.
constexpr int help_batch = 16;

void decide(const engine& e, slot& s, const check_options& o) noexcept {
  try {
    if (s.input) {
      s.result = check_parsed(e, *s.input, o);
      // The fast path has no positions; any diagnostic is redone through the text path.
      if (!s.result.diagnostics.empty()) s.slow = true;
    } else {
      s.slow = true;
    }
  } catch (...) {
    // Resource exhaustion: redone on the calling thread, which reports it as a Python exception.
    s.result = {};
    s.slow = true;
  }
  s.done.store(true, std::memory_order_release);
  s.done.notify_one();
}

}  // namespace

py::list check_many(const engine& e, py::handle shipments, const check_options& o, unsigned threads,
                    const std::string& name_prefix) {
  if (!PyList_Check(shipments.ptr()) && !PyTuple_Check(shipments.ptr()))
    throw py::type_error("check_many needs a list or tuple");
  const auto n = static_cast<std::size_t>(PySequence_Fast_GET_SIZE(shipments.ptr()));
  PyObject** items = PySequence_Fast_ITEMS(shipments.ptr());
  std::vector<slot> slots(n);
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = std::min(threads, 256u);  // a typo, not a machine

  std::atomic<std::size_t> ready{0};  // slots [0, ready) are converted
  std::atomic<std::size_t> next{0};   // next slot to decide
  const auto work = [&] {
    for (;;) {
      const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= n) return;
      std::size_t r = ready.load(std::memory_order_acquire);
      while (r <= i) {
        ready.wait(r, std::memory_order_acquire);
        r = ready.load(std::memory_order_acquire);
      }
      decide(e, slots[i], o);
    }
  };

  // Workers (none with threads=1) wait for published slots.
  std::vector<std::thread> workers;
  const unsigned extra = n > publish_every ? threads - 1 : 0;
  for (unsigned t = 0; t < extra; ++t) workers.emplace_back(work);
  // The workers never outlive the slots: if converting or wrapping throws, everything is
  // published (unconverted slots go the slow way) so that they finish, then they are joined.
  struct joiner {
    std::vector<std::thread>& workers;
    std::atomic<std::size_t>& ready;
    std::size_t n;
    ~joiner() {
      ready.store(n, std::memory_order_release);
      ready.notify_all();
      py::gil_scoped_release nogil;
      for (auto& t : workers) t.join();
    }
  } join_workers{workers, ready, n};

  for (std::size_t i = 0; i < n; ++i) {
    if (PyDict_Check(items[i])) slots[i].input = shipment_from_dict(items[i]);
    if ((i + 1) % publish_every == 0) {
      ready.store(i + 1, std::memory_order_release);
      ready.notify_all();
    }
  }
  ready.store(n, std::memory_order_release);
  ready.notify_all();

  py::list out(n);
  for (std::size_t w = 0; w < n;) {
    slot& s = slots[w];
    if (!s.done.load(std::memory_order_acquire)) {
      py::gil_scoped_release nogil;
      int helped = 0;
      for (std::size_t i; helped < help_batch && (i = next.fetch_add(1)) < n; ++helped)
        decide(e, slots[i], o);
      if (helped == 0) s.done.wait(false, std::memory_order_acquire);  // all claimed: wait
      continue;
    }
    // Freed here rather than by a worker: this thread allocated it (no cross-arena free).
    s.input.reset();
    if (s.slow) s.result = check_slow(e, items[w], o, name_prefix + "[" + std::to_string(w) + "]");
    PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(w),
                    to_python(std::move(s.result)).release().ptr());
    ++w;
  }
  return out;
}

void decide_parallel(const engine& e, std::vector<shipment>& in, std::vector<outcome_slot>& out,
                     const check_options& o, unsigned threads) {
  out.resize(in.size());
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < in.size();) out[i] = check_parsed(e, in[i], o);
  };
  py::gil_scoped_release nogil;
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < threads && t < in.size(); ++t) workers.emplace_back(work);
  work();
  for (auto& w : workers) w.join();
}

}  // namespace exportctl::python
