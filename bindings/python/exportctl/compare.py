"""What-if: which shipments change decision between two engines, and which rules made it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, List, Optional

if TYPE_CHECKING:
    import pandas

    from ._engine import Decision, Engine


@dataclass
class Difference:
    """One shipment whose decision differs between engine a and engine b."""

    index: int                 #: position in the input
    shipment: Any              #: the input as given
    a: "Decision"
    b: "Decision"
    only_in_a: List[str] = field(default_factory=list)  #: rules that fired under a only
    only_in_b: List[str] = field(default_factory=list)  #: rules that fired under b only

    @property
    def rules(self) -> List[str]:
        """The rules that made the difference (fired under one engine and not the other)."""
        return sorted(set(self.only_in_a) | set(self.only_in_b))


class Differences(List[Difference]):
    """A list of Difference, with a DataFrame view."""

    def to_frame(self) -> "pandas.DataFrame":
        import pandas as pd

        return pd.DataFrame.from_records([{
            "index": d.index, "shipment": d.a.shipment, "decision_a": d.a.decision,
            "decision_b": d.b.decision, "review_policy_a": d.a.review_policy,
            "review_policy_b": d.b.review_policy, "only_in_a": ";".join(d.only_in_a),
            "only_in_b": ";".join(d.only_in_b)} for d in self],
            columns=["index", "shipment", "decision_a", "decision_b", "review_policy_a",
                     "review_policy_b", "only_in_a", "only_in_b"])


def compare(shipments: Iterable[Any], engine_a: "Engine", engine_b: "Engine",
            as_of: Any = None, threads: Optional[int] = None,
            policy: bool = False) -> Differences:
    """Decides every shipment under both engines and returns those whose decision differs
    (also those whose review policy differs when ``policy`` is true), with both decisions and
    the rules that fired under one engine only.

    >>> diffs = exportctl.compare(orders, exportctl.Engine(),
    ...                           exportctl.Engine(scenario="ai-diffusion-2025"))
    >>> diffs.to_frame().groupby(["decision_a", "decision_b"]).size()
    """
    items = shipments if isinstance(shipments, list) else list(shipments)
    a = engine_a.check_many(items, threads=threads, as_of=as_of)
    b = engine_b.check_many(items, threads=threads, as_of=as_of)
    out = Differences()
    for i, (da, db) in enumerate(zip(a, b)):
        if da.decision == db.decision and not (policy and da.review_policy != db.review_policy):
            continue
        ra, rb = set(da.rules), set(db.rules)
        out.append(Difference(i, items[i], da, db, sorted(ra - rb), sorted(rb - ra)))
    return out
