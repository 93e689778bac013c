"""The one result type every rule returns."""

from __future__ import annotations

from dataclasses import dataclass, field

INTERNAL_ERROR_CODE = "TFS000"
MESSAGE_LIMIT = 280  # characters of "TFSnnn message": flake8 prints one line per finding


@dataclass(frozen=True, order=True)
class Diagnostic:
    line: int
    col: int  # 0-based, as flake8 wants
    code: str
    message: str  # without the code
    # ``at()`` had to shorten the rule's wording to fit ``MESSAGE_LIMIT`` (names of 100 characters);
    # not part of the finding's identity
    shortened: bool = field(default=False, compare=False)

    def text(self) -> str:
        return f"{self.code} {self.message}"


def internal_error(problem: str, exc: BaseException, advice: str) -> Diagnostic:
    """The one ``TFS000`` finding that replaces a crash: what failed, the exception, what to do
    (one line, cut to ``MESSAGE_LIMIT``)."""
    tail = f") - {advice}"
    head = " ".join(f"{problem} ({type(exc).__name__}: {exc}".split())
    return Diagnostic(1, 0, INTERNAL_ERROR_CODE, head[: MESSAGE_LIMIT - len(INTERNAL_ERROR_CODE) - 1 - len(tail)] + tail)
