"""check_many: parallel results equal sequential ones, in input order; errors; progress."""
import threading

import pytest

import exportctl
from exportctl import samples

from conftest import minimal


@pytest.fixture(scope="module")
def docs(engine):
    return samples.shipments(3000, engine, seed=7)


def test_parallel_equals_sequential(engine, docs):
    one = [engine.check(d).to_json() for d in docs[:500]]
    for threads in (1, 2, 4, 8):
        many = engine.check_many(docs[:500], threads=threads)
        assert [d.to_json() for d in many] == one


def test_large_batch_in_order(engine, docs):
    many = engine.check_many(iter(docs))  # any iterable
    assert [d.shipment for d in many] == [d["id"] for d in docs]


def test_threads_sharing_one_engine(engine, docs):
    expected = [d.to_json() for d in engine.check_many(docs, threads=1)]
    results = {}

    def run(k):
        results[k] = [d.to_json() for d in engine.check_many(docs, threads=2)]

    ts = [threading.Thread(target=run, args=(k,)) for k in range(3)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert all(r == expected for r in results.values())


def test_mixed_inputs(engine, tmp_path):
    text = "id: X\nitems: [{product: nvidia-h100-sxm5-80gb, quantity: 1}]\n" \
           "parties: [{id: e, name: E, country: US, role: exporter}, " \
           "{id: u, name: U, country: DE, role: end_user}]\ntransfers: [{from: e, to: u}]\n"
    f = tmp_path / "x.yaml"
    f.write_text(text)
    out = engine.check_many([minimal(), text, f, text.encode()])
    assert [d.shipment for d in out] == ["T-1", "X", "X", "X"]


def test_errors_raise_or_return(engine):
    bad = minimal(items=[{"product": "no-such-chip", "quantity": 1}])
    with pytest.raises(exportctl.ShipmentError) as info:
        engine.check_many([minimal(), bad])
    assert "shipment 1" in str(info.value)
    out = engine.check_many([minimal(), bad, minimal()], errors="record")
    assert isinstance(out[0], exportctl.Decision) and isinstance(out[2], exportctl.Decision)
    assert isinstance(out[1], exportctl.ShipmentError)
    assert out[1].diagnostics[0].code == "EXC-E4001"
    assert out[1].diagnostics[0].line > 0
    with pytest.raises(ValueError):
        engine.check_many([], errors="ignore")


def test_empty_and_progress(engine, docs, capsys):
    assert engine.check_many([]) == []
    out = engine.check_many(docs[:100], progress=True)
    assert len(out) == 100


def test_plain_progress_bar(capsys):
    from exportctl import _progress

    bar = _progress._Plain(10, "t")
    bar.update(10)
    bar.close()
    assert "10/10" in capsys.readouterr().err


def test_as_of_applies_to_all(engine, docs):
    out = engine.check_many(docs[:50], as_of="2024-01-01")
    assert {d.as_of for d in out} == {"2024-01-01"}
