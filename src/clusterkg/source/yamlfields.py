"""YAML read with line numbers, and typed access to its mappings with errors that name the file,
line and field (:class:`~clusterkg.errors.InputError`).

A data file is read only if it is a regular file of at most :data:`MAX_YAML_BYTES`; YAML aliases
(``*name``, merge keys included) and duplicate keys are refused, so no value is repeated or silently
replaced, and a bomb of nested aliases cannot expand. Values are checked as what they will become:
numbers finite and within the bounds the caller gives, slugs to :data:`SLUG`, line numbers from 1 to
the page's length. A key no reader asked for (``homepgae:``, ``quality_notes:``) is refused, naming the
closest key that is read there (:meth:`Fields.refuse_unknown`), so no value is silently lost. Nesting
deeper than :data:`MAX_DEPTH` is refused in one line before it is built (no RecursionError).
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal
from pathlib import Path

import yaml

from clusterkg.errors import InputError
from clusterkg.fileio import MAX_YAML_BYTES, read_regular

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # what an IRI's last part is made of
MAX_SLUG = 120
SHOWN = 80  # characters of a bad value quoted in a message
MAX_DEPTH = 50  # mappings and lists open at once (the data: 4)


class _LineDict(dict):
    """A mapping that remembers the line of each key (1-based)."""

    line: int = 0
    key_lines: dict


class _LineList(list):
    """A sequence that remembers the line of each item (1-based)."""

    item_lines: list


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A safe loader (libyaml's parser where PyYAML has it) that keeps line numbers and refuses aliases
    and duplicate keys."""

    def get_single_node(self):
        node = super().get_single_node()
        if node is not None:
            _refuse_aliases(node)
        return node


class _PlainLineLoader(yaml.SafeLoader):
    """PyYAML's own parser, for the wording and place of an error libyaml reports more tersely; aliases
    refused as in :class:`_LineLoader`."""

    def get_single_node(self):
        node = super().get_single_node()
        if node is not None:
            _refuse_aliases(node)
        return node


def _refuse_aliases(root) -> None:
    """Refuse a node met twice (the composer gives an alias, ``*name``, the very node of its anchor), and
    nesting deeper than :data:`MAX_DEPTH`, before anything is built from the nodes (walked without
    recursion)."""
    seen, todo = set(), [(root, 1)]
    while todo:
        node, depth = todo.pop()
        if id(node) in seen:
            raise yaml.constructor.ConstructorError(
                None, None, "a YAML alias (*name) repeats the value anchored here: data files take no aliases",
                node.start_mark)
        if depth > MAX_DEPTH:
            raise yaml.constructor.ConstructorError(
                None, None, f"nested more than {MAX_DEPTH} deep: data files never are", node.start_mark)
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            todo.extend((part, depth + 1) for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            todo.extend((item, depth + 1) for item in node.value)


def load_text(text: str, python: bool = False):
    """The YAML document ``text`` (aliases and deep nesting refused: :func:`_refuse_aliases`), by libyaml,
    or by PyYAML's own parser with ``python``. Raises ``yaml.YAMLError``."""
    try:
        return yaml.load(text, Loader=_PlainLineLoader if python else _LineLoader)  # noqa: S506 - safe loaders
    except RecursionError:
        raise yaml.YAMLError(f"nested more than {MAX_DEPTH} deep: data files never are") from None


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    first: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        try:
            earlier = first.get(key)
        except TypeError:
            continue  # a key that cannot be a key: construct_mapping says so
        if earlier is not None:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{_shown(key)}' (first at line {earlier})", key_node.start_mark)
        first[key] = key_node.start_mark.line + 1
    mapping = _LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    return mapping


def _construct_sequence(loader, node):
    items = _LineList(loader.construct_sequence(node, deep=True))
    items.item_lines = [item.start_mark.line + 1 for item in node.value]
    return items


def _marked(construct):
    """A scalar constructor whose ``ValueError`` (a date that does not exist, an integer of more digits than
    Python reads) becomes a YAML error at the value's line."""
    def checked(loader, node):
        try:
            return construct(loader, node)
        except (ValueError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(None, None, f"bad value '{_shown(node.value)}': {exc}",
                                                    node.start_mark) from None
    return checked


for _loader in (_LineLoader, _PlainLineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    for _tag in ("int", "float", "timestamp"):
        _loader.add_constructor(f"tag:yaml.org,2002:{_tag}",
                                _marked(_loader.yaml_constructors[f"tag:yaml.org,2002:{_tag}"]))


def _shown(value) -> str:
    """A value as a message quotes it: on one line (control characters, line breaks and the like as
    escapes), cut to :data:`SHOWN` characters."""
    text = value if isinstance(value, str) else str(value) if isinstance(value, (int, float, Decimal)) else repr(value)
    text = text if len(text) <= SHOWN else text[:SHOWN] + "..."
    return text if text.isprintable() else "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                                                   for c in text)


def read_yaml(path: Path):
    """The document of the YAML file ``path`` (a regular file of at most :data:`MAX_YAML_BYTES`)."""
    path = Path(path)
    raw = read_regular(path, MAX_YAML_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(path, f"not UTF-8 (byte 0x{raw[exc.start]:02x})", line=line) from None
    if "\x00" in text:  # libyaml reports it by position only
        raise InputError(path, "a NUL character (U+0000): not text", line=text.count("\n", 0, text.index("\x00")) + 1)
    try:
        return load_text(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(str(exc.problem or exc.context).split())
        raise InputError(path, f"broken YAML: {problem}", line=line) from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"broken YAML: {' '.join(str(exc).split())}") from None


class Fields:
    """Typed access to one YAML mapping, with errors that point at the file and line. ``max_line``: the
    page's length, the largest line number a ``line`` field may hold (None: not checked)."""

    def __init__(self, path: Path, mapping, where: str = "", max_line: int | None = None):
        if not isinstance(mapping, dict):
            line = getattr(mapping, "line", None)
            raise InputError(path, f"expected a mapping{' for ' + where if where else ''}", line=line,
                             field=where or None)
        self.path, self.map, self.where, self.max_line = path, mapping, where, max_line
        self.used: set[str] = set()  # the keys a reader asked for
        self.children: list[Fields] = []  # the mappings read under this one

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

    def child(self, key: str) -> Fields:
        """The mapping under ``key``, as Fields."""
        return self.adopt(Fields(self.path, self.get(key, dict), self._name(key), self.max_line))

    def adopt(self, child: Fields) -> Fields:
        """Note ``child`` as read under this mapping (for :meth:`refuse_unknown`)."""
        self.children.append(child)
        return child

    def has(self, key: str) -> bool:
        """Whether the mapping holds ``key`` (a key asked for, as :meth:`get` notes it)."""
        self.used.add(key)
        return key in self.map

    def raw(self, key: str):
        """The value under ``key`` as YAML gave it (None when missing), noted as read."""
        self.used.add(key)
        return self.map.get(key)

    def refuse_unknown(self, also=()) -> None:
        """Refuse the first key of this mapping, or of any read under it, that no reader asked for (``also``:
        keys of this mapping another module reads), naming the closest key read there."""
        every = self._every_used() | set(also)
        used: dict[int, set] = {}  # a mapping read twice (through two Fields) knows what both read
        for fields in self._tree():
            used.setdefault(id(fields.map), set()).update(fields.used)
        for fields in self._tree():
            known = used[id(fields.map)] | (set(also) if fields is self else set())
            for key in fields.map:
                if isinstance(key, str) and key in known:
                    continue
                close = difflib.get_close_matches(str(key), sorted(known) or sorted(every), n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else f" (known here: {', '.join(sorted(known))})"
                raise fields.error(str(key), f"unknown key '{_shown(key)}'{hint}")

    def _tree(self):
        yield self
        for child in self.children:
            yield from child._tree()

    def _every_used(self) -> set[str]:
        return set().union(*(f.used for f in self._tree()))

    def get(self, key: str, kind, required: bool = True, low=None, high=None):
        """The value under ``key`` as ``kind`` (str, int, Decimal, list or dict); numbers from ``low`` to
        ``high`` where given, line numbers (``line``, ``*_line``) from 1 to :attr:`max_line`."""
        self.used.add(key)
        if key not in self.map or self.map[key] is None:
            if required:
                raise InputError(self.path, "missing field", line=self.line, field=self._name(key))
            return None
        value = self.map[key]
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise self.error(key, f"expected a whole number, got {_shown(value)}")
        if kind is Decimal:
            value = self._decimal(key, value)
        if kind is str and not (isinstance(value, str) and value.strip()):
            raise self.error(key, f"expected non-empty text, got {_shown(value)}")
        if kind is list and not isinstance(value, list):
            raise self.error(key, f"expected a list, got {_shown(value)}")
        if kind is dict and not isinstance(value, dict):
            raise self.error(key, f"expected a mapping, got {_shown(value)}")
        if kind is int and (key == "line" or key.endswith("_line")):
            if value < 1 or (self.max_line is not None and value > self.max_line):
                most = f" to {self.max_line} (the length of the page)" if self.max_line is not None else ""
                raise self.error(key, f"expected a line number from 1{most}, got {_shown(value)}")
        if (low is not None and value < low) or (high is not None and value > high):
            raise self.error(key, f"expected a number from {low:,} to {high:,}, got {_shown(value)}")
        return value

    def _decimal(self, key: str, value) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(key, f"expected a number, got {_shown(value)}")
        number = Decimal(str(value))
        if not number.is_finite():
            raise self.error(key, f"expected a finite number, got {_shown(value)}")
        if int(number) != number and number.as_tuple().exponent < -2:
            raise self.error(key, f"expected at most two decimal places, got {_shown(value)}")
        return number

    def slug(self, key: str) -> str:
        """A slug: lower-case letters and digits in words joined by single hyphens (the last part of an IRI)."""
        value = self.get(key, str)
        if not SLUG.fullmatch(value) or len(value) > MAX_SLUG:
            raise self.error(key, f"not a slug (lower-case letters and digits joined by single hyphens, at most "
                                  f"{MAX_SLUG} characters): '{_shown(value)}'")
        return value

    def strings(self, key: str, required: bool = True) -> tuple[str, ...]:
        """A list of non-empty texts, each trimmed of spaces at its ends."""
        values = self.get(key, list, required) or []
        for i, value in enumerate(values):
            if not (isinstance(value, str) and value.strip()):
                raise self.error(key, f"expected a list of non-empty texts, got {_shown(value)}", i)
        return tuple(value.strip() for value in values)


def items(path: Path, doc: Fields, key: str, required: bool = True):
    for i, item in enumerate(doc.get(key, list, required) or []):
        yield doc.adopt(Fields(path, item, f"{key}[{i}]", doc.max_line))


def unique(path: Path, items, what: str, seen: dict | None = None):
    seen = {} if seen is None else seen
    for fields, slug in items:
        if slug in seen:
            raise fields.error("slug", f"duplicate {what} slug '{slug}' (first at line {seen[slug]})")
        seen[slug] = fields.line
    return seen
