"""A small DOM for the tests, from the standard library's HTML parser: elements with their tag,
attributes, children and text, and finding elements by tag and attribute."""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict, parent: Element | None = None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def text(self) -> str:
        """The text inside, whitespace folded."""
        parts = []

        def walk(node):
            for child in node.children:
                parts.append(child) if isinstance(child, str) else walk(child)

        walk(self)
        return " ".join("".join(parts).split())

    def iter(self, tag: str | None = None, **attrs):
        """Every element below (depth first) with ``tag`` and the given attribute values (``class_`` for class)."""
        for child in self.children:
            if isinstance(child, str):
                continue
            wanted = {k.rstrip("_"): v for k, v in attrs.items()}
            if (tag is None or child.tag == tag) and all(child.attrs.get(k) == v for k, v in wanted.items()):
                yield child
            yield from child.iter(tag, **attrs)

    def find(self, tag: str | None = None, **attrs) -> Element | None:
        return next(self.iter(tag, **attrs), None)


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#document", {})

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: (v if v is not None else "") for k, v in attrs}, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str | bytes) -> Element:
    builder = _Builder()
    builder.feed(html.decode("utf-8") if isinstance(html, bytes) else html)
    builder.close()
    return builder.root
