// batch.cpp: the check_many pipeline. One check is a few microseconds of C++; converting a dict
// costs about as much and must hold the GIL, so the two overlap: the calling thread converts
// slot after slot and publishes them, the workers decide published slots, and once everything is
// converted the calling thread releases the GIL and decides too.
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
  bool slow = false;  // decide through the text path afterwards (with the GIL)
};

// Publishing every slot would wake the workers too often; every few slots is enough to keep
// them busy.
constexpr std::size_t publish_every = 32;

void decide(const engine& e, slot& s, const check_options& o) {
  if (!s.input) {
    s.slow = true;
    return;
  }
  s.result = check_parsed(e, *s.input, o);
  // The fast path has no positions; any diagnostic is redone through the text path, which has.
  if (!s.result.diagnostics.empty()) s.slow = true;
  s.input.reset();  // free the shipment early: the batch may be large
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

  std::atomic<std::size_t> ready{0};  // slots [0, ready) are converted
  std::atomic<std::size_t> next{0};   // next slot to decide
  std::atomic<bool> failed{false};
  const auto work = [&] {
    try {
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
    } catch (...) {
      // Only resource exhaustion gets here; the slot is redone on the calling thread, which
      // reports it as a Python exception.
      failed.store(true);
    }
  };

  std::vector<std::thread> workers;
  {
    // Workers start only when there is more than one thread; they wait for published slots.
    const unsigned extra = n > publish_every ? threads - 1 : 0;
    for (unsigned t = 0; t < extra; ++t) workers.emplace_back(work);
    for (std::size_t i = 0; i < n; ++i) {
      if (PyDict_Check(items[i])) slots[i].input = shipment_from_dict(items[i]);
      if ((i + 1) % publish_every == 0) {
        ready.store(i + 1, std::memory_order_release);
        ready.notify_all();
      }
    }
    ready.store(n, std::memory_order_release);
    ready.notify_all();
    py::gil_scoped_release nogil;
    work();
    for (auto& w : workers) w.join();
  }

  py::list out(n);
  for (std::size_t i = 0; i < n; ++i) {
    slot& s = slots[i];
    if (failed.load() && !s.slow && !s.result.value && s.result.diagnostics.empty()) s.slow = true;
    if (s.slow) {
      s.result = check_slow(e, items[i], o, name_prefix + "[" + std::to_string(i) + "]");
    }
    PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i),
                    to_python(std::move(s.result)).release().ptr());
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
