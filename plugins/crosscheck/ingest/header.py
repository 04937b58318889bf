"""Pelican-style metadata headers: ``Key: value`` lines, then a blank line, then the body.

Sources, entity files and annotations all start this way; each kind knows its
own keys. Every problem carries the line it is on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Problem

HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9 _-]{0,30}):\s*(?P<value>.*)$")


@dataclass(frozen=True)
class Header:
    fields: dict[str, tuple[str, int]] = field(default_factory=dict)  # lower-case key -> (value, line)
    body: str = ""
    body_line: int = 1  # line number where the body starts
    problems: tuple[Problem, ...] = ()


def read_header(text: str, relpath: str, keys: Sequence[str], *, optional: bool = False) -> Header:
    """Split ``text`` into its header fields and body.

    With ``optional``, text whose first line is not a known ``Key: value`` has
    no header at all (a plain-text article may begin "Update: ..."). An indented
    line continues the value above it. A repeated key keeps its first value.
    """
    lines = text.split("\n")
    first = HEADER_LINE.match(lines[0].strip()) if lines else None
    if optional and (not first or first.group("key").strip().lower() not in keys):
        return Header(body=text)
    fields: dict[str, tuple[str, int]] = {}
    problems: list[Problem] = []
    known = ", ".join(keys)
    number = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            break
        match = HEADER_LINE.match(line.strip())
        if not match:
            if fields and line.startswith((" ", "\t")):
                key = next(reversed(fields))
                value, where = fields[key]
                fields[key] = (f"{value} {line.strip()}", where)
                continue
            problems.append(Problem(relpath, f"malformed metadata line {line.strip()[:60]!r}; write 'Key: value' (known keys: {known})", number))
            continue
        key = match.group("key").strip().lower()
        if key not in keys:
            problems.append(Problem(relpath, f"unknown metadata key {match.group('key')!r}; known keys: {known}", number))
        elif key in fields:
            problems.append(Problem(relpath, f"{match.group('key')!r} is given twice; the first one (line {fields[key][1]}) counts", number))
        else:
            fields[key] = (match.group("value").strip(), number)
    else:
        number += 1
    return Header(fields, "\n".join(lines[number:]), number + 1, tuple(problems))
