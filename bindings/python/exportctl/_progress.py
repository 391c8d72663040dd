"""Progress bars for long batches: tqdm when it is installed, a plain one on stderr otherwise."""
from __future__ import annotations

import sys
import time
from typing import Any, Optional


class _Plain:
    def __init__(self, total: int, desc: str, unit: str = "shipment") -> None:
        self.total, self.desc, self.unit, self.n = total, desc, unit, 0
        self.start = self.last = time.monotonic()

    def update(self, k: int) -> None:
        self.n += k
        now = time.monotonic()
        if now - self.last >= 0.2 or self.n >= self.total:
            self.last = now
            rate = self.n / max(now - self.start, 1e-9)
            pct = 100.0 * self.n / max(self.total, 1)
            sys.stderr.write(f"\r{self.desc}: {self.n}/{self.total} {self.unit}s ({pct:5.1f}%) "
                             f"{rate:,.0f}/s")
            sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")
        sys.stderr.flush()


def bar(total: int, desc: str = "exportctl", unit: str = "shipment") -> Any:
    """An object with update(n) and close(). The batches call update once per chunk they hand
    the core (Engine.check_many, check_frame: about 1% of the batch each), so it moves."""
    try:
        from tqdm import tqdm  # type: ignore[import]
    except ImportError:
        return _Plain(total, desc, unit)
    return tqdm(total=total, desc=desc, unit=unit)


def maybe(progress: bool, total: int, unit: str = "shipment") -> Optional[Any]:
    return bar(total, unit=unit) if progress else None
