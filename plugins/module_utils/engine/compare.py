# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compare the options a user set with a resource read back from the API.

A resource describes its fields as data (``Field``): the option, where its value sits
in the read-back, whether the API can change it in place, and how to normalise both
sides. Only options the user set are compared. A field that the API does not report
(missing, or blank as a pending resource reads) cannot be compared and is left alone,
so a re-run stays idempotent whatever the API echoes, unless the resource says that
such a field is applied anyway (``unreported_differs``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import REDACTED

Comparator = Callable[[Any, dict[str, Any]], "list[Difference]"]


@dataclass(frozen=True)
class Difference:
    """One option whose desired value differs from what the API holds."""

    field: str
    current: Any
    desired: Any
    in_place: bool
    secret: bool = False


def _same(value: Any) -> Any:
    return value


def unreported(value: Any) -> bool:
    """A read-back value that says nothing: missing, or blank ("" or an empty list, as pending resources read)."""
    return value is None or value == "" or value == []


@dataclass(frozen=True)
class Field:
    """One option and its place in the read-back (``api`` is a dotted path, e.g. ``security.sourceIps``)."""

    option: str
    api: str
    in_place: bool = True
    normalize: Callable[[Any], Any] = _same
    secret: bool = False
    # True when a value the API does not report counts as differing (the change is then sent);
    # otherwise an unreported field is not compared.
    unreported_differs: bool = False
    # A field of its own shape (nested lists, regions by name ...): compares and returns the differences.
    comparator: Comparator | None = None

    def current(self, resource: dict[str, Any]) -> Any:
        return dig(resource, self.api)


def dig(value: Any, dotted: str) -> Any:
    for key in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def compare(params: dict[str, Any], resource: dict[str, Any], fields: Sequence[Field]) -> list[Difference]:
    differences: list[Difference] = []
    for field in fields:
        desired = params.get(field.option)
        if desired is None:
            continue
        if field.comparator is not None:
            # A field declared not in place makes every difference its comparator finds not in place.
            found = field.comparator(desired, resource)
            differences.extend(found if field.in_place else (replace(d, in_place=False) for d in found))
            continue
        current = field.current(resource)
        if unreported(current) and not field.unreported_differs:
            continue
        if field.normalize(desired) != (None if unreported(current) else field.normalize(current)):
            differences.append(Difference(field.option, current, desired, field.in_place, field.secret))
    return differences


def shown(difference: Difference, side: str) -> Any:
    value = difference.current if side == "current" else difference.desired
    return REDACTED if difference.secret and value is not None else value


def diff_for_display(differences: Sequence[Difference]) -> dict[str, dict[str, Any]]:
    """Ansible's diff (before/after) of the fields that differ; secrets show as ********."""
    return {
        "before": {d.field: shown(d, "current") for d in differences},
        "after": {d.field: shown(d, "desired") for d in differences},
    }


REPLACE = "It must be replaced (deleted and created again) to apply this"


def replacement_message(label: str, differences: Sequence[Difference], how: str = REPLACE) -> str:
    """Why a change is refused: each field that cannot change in place, with both values, and ``how`` to get there."""
    fields = "; ".join(f"{d.field}: current {shown(d, 'current')!r}, desired {shown(d, 'desired')!r}" for d in differences)
    return f"{label[:1].upper()}{label[1:]} cannot change in place ({fields}). {how}; nothing was sent."
