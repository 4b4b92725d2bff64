"""One error type for bad data, carrying every problem found, each one actionable."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data: where it is and what was expected there."""

    file: str
    feature: str | None
    field: str | None
    expected: str
    found: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.feature is not None:
            where.append(f"feature '{self.feature}'")
        if self.field:
            where.append(self.field)
        text = f"{': '.join(where)}: expected {self.expected}"
        if self.found is not None:
            text += f", found {self.found}"
        return text


class GeodataError(ValueError):
    """Raised when the data cannot be used; `problems` lists everything wrong at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the geodata"
        super().__init__(head + ":\n" + "\n".join(f"- {p}" for p in self.problems))


def short_repr(value: object, limit: int = 60) -> str:
    """A value as it should appear in an error message: quoted, and cut if long."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
