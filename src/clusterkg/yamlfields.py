"""YAML read with line numbers, and typed access to its mappings with errors that name the file,
line and field (:class:`~clusterkg.errors.InputError`)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml

from .errors import InputError


class _LineDict(dict):
    """A mapping that remembers the line of each key (1-based)."""

    line: int = 0
    key_lines: dict


class _LineList(list):
    """A sequence that remembers the line of each item (1-based)."""

    item_lines: list


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A safe loader (libyaml's parser where PyYAML has it) that keeps line numbers."""


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    mapping = _LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    return mapping


def _construct_sequence(loader, node):
    items = _LineList(loader.construct_sequence(node, deep=True))
    items.item_lines = [item.start_mark.line + 1 for item in node.value]
    return items


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def read_yaml(path: Path):
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read file: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(path, f"not UTF-8 (byte 0x{raw[exc.start]:02x})", line=line) from None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise InputError(path, f"broken YAML: {exc.problem or exc.context}", line=line) from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"broken YAML: {exc}") from None


class Fields:
    """Typed access to one YAML mapping, with errors that point at the file and line."""

    def __init__(self, path: Path, mapping, where: str = ""):
        if not isinstance(mapping, dict):
            line = getattr(mapping, "line", None)
            raise InputError(path, f"expected a mapping{' for ' + where if where else ''}", line=line,
                             field=where or None)
        self.path, self.map, self.where = path, mapping, where

    @property
    def line(self) -> int | None:
        return getattr(self.map, "line", None)

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def error(self, key: str, message: str, index: int | None = None):
        """An error at ``key`` (or at item ``index`` of the list under ``key``)."""
        line = getattr(self.map, "key_lines", {}).get(key, self.line)
        items = getattr(self.map.get(key), "item_lines", None)
        if index is not None and items:
            line = items[index]
        return InputError(self.path, message, line=line, field=self._name(key))

    def get(self, key: str, kind, required: bool = True):
        if key not in self.map or self.map[key] is None:
            if required:
                raise InputError(self.path, "missing field", line=self.line, field=self._name(key))
            return None
        value = self.map[key]
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise self.error(key, f"expected a whole number, got {value!r}")
        if kind is Decimal:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise self.error(key, f"expected a number, got {value!r}")
            return Decimal(str(value))
        if kind is str and not (isinstance(value, str) and value.strip()):
            raise self.error(key, f"expected non-empty text, got {value!r}")
        if kind is list and not isinstance(value, list):
            raise self.error(key, f"expected a list, got {value!r}")
        if kind is int and value < 1 and key.endswith("line"):
            raise self.error(key, f"expected a line number from 1, got {value!r}")
        return value

    def strings(self, key: str, required: bool = True) -> tuple[str, ...]:
        values = self.get(key, list, required) or []
        for i, value in enumerate(values):
            if not (isinstance(value, str) and value.strip()):
                raise self.error(key, f"expected a list of non-empty texts, got {value!r}", i)
        return tuple(values)


def items(path: Path, doc: Fields, key: str, required: bool = True):
    for i, item in enumerate(doc.get(key, list, required) or []):
        yield Fields(path, item, f"{key}[{i}]")


def unique(path: Path, items, what: str, seen: dict | None = None):
    seen = {} if seen is None else seen
    for fields, slug in items:
        if slug in seen:
            raise fields.error("slug", f"duplicate {what} slug '{slug}' (first at line {seen[slug]})")
        seen[slug] = fields.line
    return seen
