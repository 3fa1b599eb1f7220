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
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from typing import TypeAlias, TypeVar, Union, get_args, get_origin, get_type_hints

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
        decoders = _decoders(cls)
        values = _defaults(cls)  # what the JSON leaves out (an older score)
        extra: dict[str, Json] = {}
        for key, value in data.items():
            if key in decoders:
                values[key] = cls._decode_field(key, value)
            else:
                extra[key] = value
        values["extra"], values["order"] = extra, tuple(data)
        part = object.__new__(cls)  # frozen: filled as its __init__ would, a field at a time
        part.__dict__.update(values)  # costs (~30 parts a score, read per take by reports)
        return part

    @classmethod
    def _decode_field(cls, name: str, value: Json) -> object:
        return _decoders(cls)[name](value)

    def _encode_field(self, name: str, value: object) -> Json:
        return encode(value)

    def to_json(self) -> JsonObject:
        decoders = _decoders(type(self))
        keys = self.order if self.order is not None else tuple(decoders)
        out: JsonObject = {}
        for key in keys:
            if key in decoders:
                out[key] = self._encode_field(key, getattr(self, key))
            elif key in self.extra:
                out[key] = self.extra[key]
        return out


Decoder = Callable[[Json], object]
_DECODERS: dict[type, dict[str, Decoder]] = {}


def _decoders(cls: type) -> dict[str, Decoder]:
    """The JSON fields of a part class, in declared order, each with the decoder its resolved
    annotation wants (built once per class: reading a score is on the History's path)."""
    if cls not in _DECODERS:
        resolved = get_type_hints(cls)
        _DECODERS[cls] = {
            f.name: _decoder(resolved[f.name]) for f in fields(cls) if f.name not in _BOOKKEEPING
        }
    return _DECODERS[cls]


def _defaults(cls: type) -> dict[str, object]:
    """A fresh dict of the fields' defaults (factories called); a field without one is required
    and reads as None until the JSON gives it (Score.from_json checks its required keys)."""
    out: dict[str, object] = {}
    for f in fields(cls):
        if f.default is not MISSING:
            out[f.name] = f.default
        elif f.default_factory is not MISSING:
            out[f.name] = f.default_factory()
        else:
            out[f.name] = None
    return out


def _keep(value: Json) -> object:
    return value


def _decoder(tp: object) -> Decoder:
    """How a JSON value becomes what the annotation wants: objects into parts, lists into
    tuples. Anything else is kept as read (a stored score another version wrote keeps its own
    values), and so is a value of another shape than the annotation's."""
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, types.UnionType):
        options = [_decoder(a) for a in args if a is not type(None)]
        if len(options) == 1:
            return options[0]

        def union(value: Json) -> object:
            for option in options:
                decoded = option(value)
                if decoded is not value or not isinstance(value, dict | list):
                    return decoded
            return value

        return union
    if isinstance(tp, type) and issubclass(tp, JsonPart):
        part = tp
        return lambda value: part.from_json(value) if isinstance(value, dict) else value
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            if item is _keep:
                return lambda value: tuple(value) if isinstance(value, list) else value
            return lambda value: tuple(map(item, value)) if isinstance(value, list) else value
        items = [_decoder(a) for a in args]

        def fixed(value: Json) -> object:
            if not isinstance(value, list):
                return value
            if len(value) != len(items):
                return tuple(value)
            return tuple(d(v) for d, v in zip(items, value, strict=True))

        return fixed
    if origin in (dict, Mapping, typing.Mapping):
        item = _decoder(args[1]) if args else _keep
        if item is _keep:
            return lambda value: dict(value) if isinstance(value, dict) else value
        return lambda value: (
            {k: item(v) for k, v in value.items()} if isinstance(value, dict) else value
        )
    return _keep


_PLAIN = (str, int, float, bool, type(None))


def encode(value: object) -> Json:
    """A typed value back into JSON: parts by their `to_json`, tuples as lists."""
    if type(value) in _PLAIN:
        return value  # type: ignore[return-value]  # one of Json's plain types, checked above
    if isinstance(value, JsonPart):
        return value.to_json()
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    to_json = getattr(value, "to_json", None)
    if callable(to_json):
        encoded: Json = to_json()
        return encoded
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, bool | int | float | str):  # subclasses (numpy's float64)
        return value
    raise TypeError(f"{type(value).__name__} is not part of the score's JSON")
