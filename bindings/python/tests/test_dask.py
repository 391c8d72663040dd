"""exportctl.dask: a dask.dataframe of shipment lines decided partition by partition, on the
sync, threaded and process schedulers and on a two-process distributed.LocalCluster, with results
identical to the single-process engine.check_frame."""
import pandas as pd
import pytest

import exportctl
import exportctl._pickle  # noqa: F401  (Engine pickles; the package may not import it yet)
from exportctl import samples

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
xd = pytest.importorskip("exportctl.dask")


@pytest.fixture(scope="module")
def lines(engine):
    docs = samples.shipments(400, engine, seed=21)
    # A shipment of three lines, to straddle three partitions below.
    docs[100]["items"] = [{"product": p, "quantity": 2} for p in engine.product_ids[:3]]
    frame = samples.lines(docs)
    # A bad line: its row gets an error, the other rows are decided.
    bad = frame.iloc[[0]].assign(shipment="BAD-1", product="no-such-product")
    frame = pd.concat([frame.iloc[:50], bad, frame.iloc[50:]], ignore_index=True)
    frame.index = frame.index + 1000  # labels that are not positions, to be kept
    return frame


def cut(frame, bounds):
    """A dask frame whose partitions are the rows between consecutive bounds (positions)."""
    parts = [dask.delayed(frame.iloc[a:b].copy()) for a, b in zip(bounds, bounds[1:])]
    return dd.from_delayed(parts, meta=frame.iloc[:0])


def straddling(frame):
    """Bounds that cut through multi-line shipments, leave a partition empty and put the
    three-line shipment across three partitions."""
    ids = frame["shipment"].tolist()
    splits = [i for i in range(1, len(ids)) if ids[i] == ids[i - 1]]
    three = next(i for i in range(2, len(ids)) if ids[i] == ids[i - 1] == ids[i - 2])
    bounds = sorted({0, splits[3], splits[3], splits[10], three - 1, three, splits[-2],
                     len(ids) - 7, len(ids)})
    bounds.insert(2, bounds[1])  # an empty partition between two halves of a shipment
    return bounds


def test_groups_keep_each_shipment_whole():
    edges = [(3, "A", "B", 1), (0, None, None, 0), (2, "B", "B", 2), (2, "B", "C", 1),
             (1, "D", "D", 1)]
    assert xd._groups(edges) == [[(0, 0, 3), (2, 0, 2), (3, 0, 1)], [(3, 1, 2)], [(4, 0, 1)]]
    assert xd._groups([(0, None, None, 0)]) == []


def test_the_frame_straddles_partitions(lines):
    ddf = cut(lines, straddling(lines))
    parts = [ddf.get_partition(i).compute() for i in range(ddf.npartitions)]
    assert any(len(p) == 0 for p in parts)
    lasts = [p["shipment"].iloc[-1] for p in parts if len(p)]
    firsts = [p["shipment"].iloc[0] for p in parts if len(p)]
    assert sum(a == b for a, b in zip(lasts, firsts[1:])) >= 3


@pytest.mark.parametrize("scheduler", ["sync", "threads", "processes"])
def test_check_frame_is_engine_check_frame(lines, engine, scheduler):
    want = engine.check_frame(lines)
    assert want["error"].notna().sum() == 1 and want["decision"].notna().sum() == len(lines) - 1
    for ddf in (cut(lines, straddling(lines)), dd.from_pandas(lines, npartitions=5, sort=False)):
        out = xd.check_frame(ddf, engine)
        got = out.compute(scheduler=scheduler)
        pd.testing.assert_frame_equal(got, want)
        assert list(out.dtypes) == list(got.dtypes)  # the meta Dask was given is the truth


def test_the_default_engine(lines, engine):
    got = xd.check_frame(dd.from_pandas(lines, npartitions=3, sort=False)).compute(
        scheduler="sync")
    pd.testing.assert_frame_equal(got, engine.check_frame(lines))


def test_keyword_arguments_reach_check_frame(lines, engine):
    frame = lines.assign(order_value=range(len(lines)))
    ddf = cut(frame, straddling(frame))
    got = xd.check_frame(ddf, engine, carry=["order_value"], as_of="2024-06-01").compute(
        scheduler="sync")
    want = engine.check_frame(frame, carry=["order_value"], as_of="2024-06-01")
    pd.testing.assert_frame_equal(got, want)
    assert not want["decision"].equals(engine.check_frame(lines)["decision"])


def expected_compare(lines, a, b):
    # The single-process path: exportctl.compare on the whole pandas frame.
    return exportctl.compare(lines, a, b, errors="record")


def test_compare(lines, engine, diffusion):
    got = xd.compare(cut(lines, straddling(lines)), engine, diffusion).compute(scheduler="sync")
    want = expected_compare(lines, engine, diffusion)
    pd.testing.assert_frame_equal(got, want)
    assert 0 < got["changed"].sum() < len(lines)
    assert list(got.columns[-len(xd.COMPARE_COLUMNS):]) == list(xd.COMPARE_COLUMNS)


def test_bad_arguments(lines, engine):
    with pytest.raises(TypeError, match="dask.dataframe"):
        xd.check_frame(lines, engine)
    ddf = dd.from_pandas(lines, npartitions=2, sort=False)
    with pytest.raises(TypeError, match="engine_b"):
        xd.compare(ddf, engine, None)
    with pytest.raises(ValueError, match="`shipment`"):
        xd.check_frame(ddf.drop(columns=["shipment"]), engine)
    with pytest.raises(exportctl.ShipmentError, match="order_valu"):
        xd.check_frame(ddf.assign(order_valu=1), engine)  # refused before any work


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address=None, silence_logs=40)
    c = distributed.Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


def test_on_a_local_cluster(client, lines, engine, diffusion):
    def count_loads():
        import exportctl._pickle as p

        p._CACHE.clear()
        p.loads = 0
        load = p._load

        def counted(state, lists=True):
            p.loads += 1
            return load(state, lists)

        p._load = counted

    def loads():
        import exportctl._pickle as p

        return p.loads

    client.run(count_loads)
    ddf = cut(lines, straddling(lines))
    assert ddf.npartitions >= 6
    got = xd.check_frame(ddf, engine).compute()
    pd.testing.assert_frame_equal(got, engine.check_frame(lines))
    diff = xd.compare(ddf, engine, diffusion).compute()
    pd.testing.assert_frame_equal(diff, expected_compare(lines, engine, diffusion))
    # Each worker process loaded each engine at most once (two engines: the default, diffusion).
    per_worker = client.run(loads)
    assert len(per_worker) == 2 and all(n <= 2 for n in per_worker.values())
    assert sum(per_worker.values()) >= 2
