"""A problem found in the data, reported as ``path:line: field: message``."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        field = " ".join(self.field.split()) or "-"  # one line, whatever a mistyped key holds
        message = " ".join(self.message.split())
        return f"{self.path}:{self.line}: {field}: {message}"


def format_problems(problems: list[Problem]) -> str:
    lines = [str(p) for p in sorted(set(problems))]
    noun = "problème" if len(lines) == 1 else "problèmes"
    return f"{len(lines)} {noun} dans les données :\n" + "\n".join(lines)


class DataError(Exception):
    """Raised when the data has problems; carries them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(format_problems(self.problems))
