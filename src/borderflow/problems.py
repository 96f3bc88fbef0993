"""What a check reports: `Problem` (file, where, rule, value); `ScenarioError` with all of them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

NO_VALUE: Any = None
"""`Problem.value` when no value was received (a missing key, file or column)."""


@dataclass(frozen=True)
class Problem:
    """One broken rule: `crossings.csv:7: cap_car: must be a number >= 0, got 'abc'`.

    `where` is a CSV line number (the header is line 1), a TOML dotted key
    (`events[3].crossing`, events counted from 1), or '' for the whole file.
    """

    file: str
    where: str
    rule: str
    value: Any = NO_VALUE

    def __str__(self) -> str:
        place = f"{self.file}:{self.where}" if self.where else self.file
        got = "" if self.value is NO_VALUE else f", got {self.value!r}"
        return f"{place}: {self.rule}{got}"


class ProblemsError(Exception):
    """Input broke one or more rules; `.problems` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problems,))


class ScenarioError(ProblemsError):
    """A scenario folder broke one or more rules; `.problems` lists every one of them."""


def unreadable(exc: OSError | UnicodeDecodeError, path: Any = None) -> str:
    """The rule a file that cannot be read as text broke: UTF-8 (naming the line and the first
    bad byte, found again in `path` when a parser read it in chunks), or the system's reason."""
    if isinstance(exc, UnicodeDecodeError):
        if path is not None:
            try:
                Path(path).read_bytes().decode("utf-8-sig")
            except UnicodeDecodeError as whole:
                exc = whole
            except OSError:
                pass
        line = bytes(exc.object[:exc.start]).count(b"\n") + 1
        bad = bytes(exc.object[exc.start:exc.start + 1]).hex()
        return (f"must be UTF-8 text (a BOM is accepted); line {line} has byte 0x{bad}, which "
                "is not (save the file as UTF-8)")
    return f"cannot read the file: {exc.strerror or exc}"
