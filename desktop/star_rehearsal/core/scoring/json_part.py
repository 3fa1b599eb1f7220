"""`JsonPart`: a frozen dataclass read from and written back to one object of `score --json`.

Why generic: the score's JSON is a contract (takes stored years ago must still load, the CLI's
output must not move by a byte), and the typed tree has some 30 objects. One decoder driven by
the field annotations keeps every class a plain list of typed fields whose names are the JSON
keys. A part read from JSON remembers the keys it was read with, in their order, and any key it
does not know (`extra`), so `from_json(x).to_json() == x` holds for old and newer scores alike;
values are kept as read (no int/float conversion), so the bytes do not move either.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, TypeAlias, TypeVar, Union, get_args, get_origin, get_type_hints

Json: TypeAlias = bool | int | float | str | list["Json"] | dict[str, "Json"] | None
JsonObject: TypeAlias = dict[str, Json]

P = TypeVar("P", bound="JsonPart")
_BOOKKEEPING = ("extra", "order")


@dataclass(frozen=True)
class JsonPart:
    """Fields are JSON keys; `extra` keeps unknown keys, `order` the keys as read (None: all
    fields, in their declared order)."""

    extra: Mapping[str, Json] = field(default_factory=dict, kw_only=True, compare=False, repr=False)
    order: tuple[str, ...] | None = field(default=None, kw_only=True, compare=False, repr=False)

    @classmethod
    def from_json(cls: type[P], data: Mapping[str, Json]) -> P:
        hints = _hints(cls)
        known: dict[str, Any] = {
            k: cls._decode_field(k, v) for k, v in data.items() if k in hints
        }  # Any: the values' types are the fields' own, checked by _decode against them
        extra = {k: v for k, v in data.items() if k not in hints}
        return cls(**known, extra=extra, order=tuple(data))

    @classmethod
    def _decode_field(cls, name: str, value: Json) -> object:
        return _decode(_hints(cls)[name], value)

    def _encode_field(self, name: str, value: object) -> Json:
        return encode(value)

    def to_json(self) -> JsonObject:
        hints = _hints(type(self))
        keys = self.order if self.order is not None else tuple(hints)
        out: JsonObject = {}
        for key in keys:
            if key in hints:
                out[key] = self._encode_field(key, getattr(self, key))
            elif key in self.extra:
                out[key] = self.extra[key]
        return out


_HINTS: dict[type, dict[str, object]] = {}


def _hints(cls: type) -> dict[str, object]:
    """The JSON fields of a part class and their resolved annotations, in declared order."""
    if cls not in _HINTS:
        resolved = get_type_hints(cls)
        _HINTS[cls] = {f.name: resolved[f.name] for f in fields(cls) if f.name not in _BOOKKEEPING}
    return _HINTS[cls]


def _part_class(tp: object) -> type[JsonPart] | None:
    return tp if isinstance(tp, type) and issubclass(tp, JsonPart) else None


def _decode(tp: object, value: Json) -> object:
    """The JSON value as the annotation wants it: objects into parts, lists into tuples. Anything
    else is kept as read (a stored score another version wrote keeps its own values)."""
    if value is None:
        return None
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        for arg in get_args(tp):
            if arg is not type(None):
                decoded = _decode(arg, value)
                if decoded is not value or not isinstance(value, dict | list):
                    return decoded
        return value
    part = _part_class(tp)
    if part is not None:
        return part.from_json(value) if isinstance(value, dict) else value
    if origin is tuple and isinstance(value, list):
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in value)
        if len(args) == len(value):
            return tuple(_decode(a, v) for a, v in zip(args, value, strict=True))
        return tuple(value)
    if origin in (dict, Mapping, typing.Mapping) and isinstance(value, dict):
        args = get_args(tp)
        return {k: _decode(args[1], v) for k, v in value.items()} if args else dict(value)
    return value


def encode(value: object) -> Json:
    """A typed value back into JSON: parts by their `to_json`, tuples as lists."""
    if isinstance(value, JsonPart):
        return value.to_json()
    to_json = getattr(value, "to_json", None)
    if callable(to_json):
        encoded: Json = to_json()
        return encoded
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"{type(value).__name__} is not part of the score's JSON")
