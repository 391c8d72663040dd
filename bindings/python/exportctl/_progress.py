"""Progress bars for long batches: tqdm when it is installed, a plain one on stderr otherwise."""
from __future__ import annotations

import sys
import time
from typing import Any, Optional


class _Plain:
    def __init__(self, total: int, desc: str) -> None:
        self.total, self.desc, self.n = total, desc, 0
        self.start = self.last = time.monotonic()

    def update(self, k: int) -> None:
        self.n += k
        now = time.monotonic()
        if now - self.last >= 0.2 or self.n >= self.total:
            self.last = now
            rate = self.n / max(now - self.start, 1e-9)
            pct = 100.0 * self.n / max(self.total, 1)
            sys.stderr.write(f"\r{self.desc}: {self.n}/{self.total} ({pct:5.1f}%) {rate:,.0f}/s")
            sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")
        sys.stderr.flush()


def bar(total: int, desc: str = "exportctl") -> Any:
    """An object with update(n) and close()."""
    try:
        from tqdm import tqdm  # type: ignore[import]
    except ImportError:
        return _Plain(total, desc)
    return tqdm(total=total, desc=desc, unit="shipment")


def maybe(progress: bool, total: int) -> Optional[Any]:
    return bar(total) if progress else None
