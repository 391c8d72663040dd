#!/usr/bin/python3
"""What-if on frames: a table of order lines decided under the rules in force, under an edited
RuleSet (a lowered 3A090.a.1 TPP threshold) and under the AI Diffusion scenario; which lines
change, why, and charts of it. Notebook-style: each `# %%` starts a cell (VS Code, Jupytext,
Spyder run them one by one); as a script it runs top to bottom.

    PYTHONPATH=build/ci/bindings/python /usr/bin/python3 examples/python/whatif_frames.py [OUT_DIR]

OUT_DIR (default ./whatif-out) receives the charts as PNG files.
"""
# %% Setup: where the charts go
import sys
from pathlib import Path

from matplotlib.figure import Figure

import exportctl
from exportctl import plot, samples

out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "whatif-out")
out_dir.mkdir(parents=True, exist_ok=True)
DAY = "2025-06-01"  # one ship date for every order, so the three rule sets are compared alike

# %% A sample order frame: one row per order line (docs/shipment-lines.md)
today = exportctl.Engine()  # the rule packs as published
docs = samples.shipments(3000, today, seed=15, dates=(DAY,))  # shipment documents
orders = samples.lines(docs)  # the same orders as a frame of lines
orders.index = [f"line-{i:05d}" for i in range(len(orders))]  # any index: results join back
print(f"{len(orders)} order lines in {orders['shipment'].nunique()} shipments")

# %% The rules as tables, and an edited RuleSet: the 3A090.a.1 TPP threshold halved
rules = exportctl.RuleSet.load()
print(rules.rules().groupby("section").size().to_string())
th = rules.thresholds()
a1 = th[(th["rule"] == "EAR_3A090_A_1_2023") & (th["param"] == "tpp")].iloc[0]
lowered_rules = rules.override(a1["pack"], a1["path"], int(a1["value"] // 2))
print(lowered_rules)  # the repr lists the edit
lowered = exportctl.Engine(rules=lowered_rules)
diffusion = exportctl.Engine(scenario="ai-diffusion-2025")


# %% Compare: one row per input line, both engines' columns side by side, and `changed`
def summary(name: str, table) -> None:
    changed = table[table["changed"]]
    print(f"\n{name}: {len(changed)} changed rows of {len(table)} "
          f"({changed['shipment'].nunique()} shipments)")
    if not len(changed):
        return
    items = (changed["decision_a"] != changed["decision_b"]).sum()
    print(f"  {items} of them change their own item's decision; by shipment:")
    moves = changed.drop_duplicates("shipment").fillna("-").groupby(
        ["shipment_decision_a", "review_policy_a", "shipment_decision_b", "review_policy_b"])
    print(moves.size().to_string())
    why = changed["only_in_b"].str.split(";").explode()
    print("rules that fired only under the what-if, by changed rows (most often first):")
    print(why[why != ""].value_counts().head(6).to_string())


whatif = {"lowered threshold": exportctl.compare(orders, today, lowered, policy=True),
          "AI Diffusion": exportctl.compare(orders, today, diffusion)}
for name, table in whatif.items():
    summary(name, table)
    assert table.index.equals(orders.index)  # joins back to the input, line for line

# The edits travel with the result: what engine b was.
print("\nengine b of the lowered-threshold table:",
      whatif["lowered threshold"].attrs["engines"]["b"])

# %% Charts: the 3A090 plane as published and as edited, the decisions under AI Diffusion
charts = {
    "thresholds_published.png": plot.thresholds(DAY, engine=today),
    "thresholds_lowered.png": plot.thresholds(DAY, engine=lowered),
    # One row per shipment with the shipment's decision and rules: decisions_frame.
    "decisions_diffusion.png": plot.decisions(
        exportctl.decisions_frame(diffusion.check_many(docs), docs), engine=diffusion),
}

# Changed shipments per what-if, by the decision they move to.
fig = Figure(figsize=(9, 4.5), constrained_layout=True)
ax = fig.subplots()
names = list(whatif)
moved = [whatif[n][whatif[n]["changed"]].drop_duplicates("shipment") for n in names]
targets = sorted({d for m in moved for d in m["shipment_decision_b"].dropna()})
left = [0] * len(names)
for t in targets:
    counts = [int((m["shipment_decision_b"] == t).sum()) for m in moved]
    ax.barh(names, counts, left=left, label=f"now {t}")
    left = [x + c for x, c in zip(left, counts)]
ax.set_xlabel(f"shipments with a changed line (of {orders['shipment'].nunique()})")
ax.set_title(f"WHAT-IF on {DAY}: shipments decided otherwise than under the published packs")
ax.legend(fontsize=8)
charts["changed.png"] = fig

for file, figure in charts.items():
    figure.savefig(out_dir / file, dpi=100)
print("\ncharts: " + ", ".join(str(out_dir / f) for f in charts))
