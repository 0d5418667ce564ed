"""Problems found in an editor's files, collected and reported together."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .messages import message


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file: where it is, which field, what is wrong and how to fix it."""

    path: str
    line: int
    field: str
    text: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return one_line(f"{self.path}:{self.line}:{field} {self.text}")


_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """`text` with line breaks and control characters written as escapes (`\\n`): one problem, one line."""
    return _INVISIBLE.sub(lambda found: repr(found.group())[1:-1], text)


def annotation(problem: Problem, title: str, level: str = "error") -> str:
    """`problem` as a GitHub Actions annotation (`level`: error or warning), shown on the file's line in a pull request."""

    def escape(text: str, properties: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if properties else text

    text = f"{problem.field}: {problem.text}" if problem.field else problem.text
    place = f"file={escape(problem.path, True)},line={problem.line},title={escape(problem.field or title, True)}"
    return f"::{level} {place}::{escape(text)}"


class ProblemError(Exception):
    """Raised when a step cannot go on; carries every problem found so far."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(set(problems))


def closest(value: str, known: list[str], cutoff: float = 0.6) -> str | None:
    """The known name `value` was probably meant to be: close in spelling, or containing it."""
    matches = difflib.get_close_matches(value, known, n=1, cutoff=cutoff)
    if not matches and value:
        matches = [name for name in known if value in name][:1]
    return matches[0] if matches else None


def suggestion(value: str, known: list[str]) -> str:
    """A « did you mean » hint for `value` among `known`, or an empty string."""
    match = closest(value, known)
    return message("did_you_mean", match=match) if match else ""
