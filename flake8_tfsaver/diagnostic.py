"""The one result type every rule returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Diagnostic:
    line: int
    col: int  # 0-based, as flake8 wants
    code: str
    message: str  # without the code

    def text(self) -> str:
        return f"{self.code} {self.message}"
