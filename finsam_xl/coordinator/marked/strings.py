"""The marked copy's shared strings (`xl/sharedStrings.xml`): only those its sheets use,
numbered again in the order the sheets first use them (`StringMap`), so that no text of a
sheet the copy leaves out stays in the copy. Each string is written again (`clean`): a
string whose runs together hold a personnummer becomes one plain run with the number
masked; phonetic runs are left out. Standard library only."""

from __future__ import annotations

from .clean import KEEP, TREE, XML_DECL, Cleaner, Node, dump, masked, plain_text, run_texts
from .xml import Skip

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
EMPTY = "<si><t/></si>"


class StringMap:
    """The shared strings the copy's sheets use: old index -> new index, in the order of
    first use."""

    def __init__(self) -> None:
        self.new: dict[int, int] = {}

    def use(self, old: int) -> int:
        return self.new.setdefault(old, len(self.new))


def rich(node: Node, prefix: str | None = None) -> str:
    """A rich-text element (`si`, `is`) as the copy writes it: one plain run with the
    personnummer masked when its runs together hold one, else its runs as they were (their
    texts and attributes masked one by one), phonetic runs left out. `prefix`: the
    namespace prefix of the part's names ('x:'); None: written without prefixes (a part
    the copy writes with SpreadsheetML as its default namespace)."""
    if prefix is None:
        node, prefix = local_names(node), ""
    node.kids = [k for k in node.kids if isinstance(k, Node) and k.local in ("t", "r")]
    found = masked(run_texts(node))
    if found is not None:
        return plain_text(node.local, found, prefix)
    return dump(node)


def local_names(node: Node) -> Node:
    """`node` and its children with the namespace prefixes of their names removed (the
    copy's parts declare SpreadsheetML as their default namespace); attributes of other
    namespaces than `xml:` go."""
    out = Node(node.local, [(k, v) for k, v in node.attrs
                            if ":" not in k or k.startswith("xml:")])
    out.kids = [local_names(k) if isinstance(k, Node) else k for k in node.kids]
    return out


class _Strings(Cleaner):
    """The `si` elements of a shared-strings part whose index `wanted` holds, as the copy
    writes them."""

    def __init__(self, data: bytes, wanted: set[int]):
        super().__init__(data)
        self.wanted = wanted
        self.index = 0
        self.found: dict[int, str] = {}

    def action(self, path, name, attrs):
        if len(path) == 1:
            if dict(attrs).get("xmlns" + (":" + name.split(":")[0] if ":" in name else "")) \
                    != MAIN_NS:
                raise Skip("strict")
            return KEEP
        return TREE if len(path) == 2 and path[-1] == "si" else KEEP

    def tree(self, path, node):
        if self.index in self.wanted:
            self.found[self.index] = rich(node)
        self.index += 1
        return None


def shared_strings(data: bytes | None, used: StringMap) -> bytes | None:
    """The copy's shared-strings part for the strings `used` (None when none is used; a
    used index the part does not hold gets an empty string)."""
    if not used.new:
        return None
    found: dict[int, str] = {}
    if data is not None:
        strings = _Strings(data, set(used.new))
        strings.run()
        found = strings.found
    order = sorted(used.new, key=used.new.__getitem__)
    items = [found.get(old, EMPTY) for old in order]
    return XML_DECL + (f'<sst xmlns="{MAIN_NS}" count="{len(items)}" '
                       f'uniqueCount="{len(items)}">' + "".join(items) + "</sst>"
                       ).encode("utf-8")
