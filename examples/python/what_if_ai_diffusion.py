#!/usr/bin/python3
"""An analyst's what-if: which of a batch of (generated) orders would the AI Diffusion Rule have
changed, and why? Saves two charts: the 3A090 plane with the catalog chips, and the decisions by
destination and rule.

    PYTHONPATH=build/ci/bindings/python /usr/bin/python3 examples/python/what_if_ai_diffusion.py [OUT_DIR]

(or, with the package installed in a venv: .venv/bin/python examples/python/what_if_ai_diffusion.py)
"""
import sys
from pathlib import Path

import exportctl
from exportctl import plot, samples


def main(out_dir: Path, n: int = 5000) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    today = exportctl.Engine()                                    # the rules in force
    diffusion = exportctl.Engine(scenario="ai-diffusion-2025")   # as if it were enforced

    orders = samples.shipments(n, today, seed=2025, dates=("2025-06-01",))
    decisions = today.check_many(orders, progress=sys.stderr.isatty())
    diffs = exportctl.compare(orders, today, diffusion)

    print(f"{n} orders; the AI Diffusion Rule would change {len(diffs)} decisions")
    table = diffs.to_frame()
    if len(table):
        print(table.groupby(["decision_a", "decision_b"]).size().to_string())
        rules = table["only_in_b"].str.split(";").explode()
        print("rules that made the difference (most often first):")
        print(rules[rules != ""].value_counts().head(8).to_string())

    plot.thresholds("2025-06-01", engine=today).savefig(out_dir / "thresholds.png", dpi=120)
    frame = exportctl.decisions_frame(decisions, orders)
    plot.decisions(frame, findings=decisions, engine=today).savefig(out_dir / "decisions.png",
                                                                  dpi=120)
    print(f"charts: {out_dir / 'thresholds.png'}, {out_dir / 'decisions.png'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("."))
