"""What a user sees of the Wagtail admin, read from the HTML it is sent: the sidebar menu
(Wagtail ships it as telepath-packed JSON for its React sidebar) and the element ids."""

import collections
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

SIDEBAR_PROPS = re.compile(
    r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', re.S
)


@dataclass
class MenuEntry:
    name: str
    label: str
    url: str = ""
    children: list = field(default_factory=list)

    def child_names(self):
        return [child.name for child in self.children]

    def links(self):
        """(name, url) of this entry and everything under it that leads somewhere."""
        if self.url:
            yield self.name, self.url
        for child in self.children:
            yield from child.links()


def _unpack(value, defined):
    """Telepath's packing undone: {"_val": v, "_id": n} defines n, {"_ref": n} repeats it."""
    if isinstance(value, list):
        return [_unpack(item, defined) for item in value]
    if not isinstance(value, dict):
        return value
    if "_ref" in value:
        return defined[value["_ref"]]
    if "_val" in value:
        unpacked = _unpack(value["_val"], defined)
        if "_id" in value:
            defined[value["_id"]] = unpacked
        return unpacked
    unpacked = {key: _unpack(item, defined) for key, item in value.items()}
    if "_id" in value:
        defined[value["_id"]] = unpacked
    return unpacked


def _entry(item):
    kind, args = item["_type"], item["_args"]
    props = args[0]
    entry = MenuEntry(props["name"], props["label"], props.get("url", ""))
    if kind == "wagtail.sidebar.SubMenuItem":
        entry.children = [_entry(child) for child in args[1]]
    return entry


def main_menu(html):
    """{name: MenuEntry} of the sidebar's main menu, in the order shown."""
    props = _unpack(json.loads(SIDEBAR_PROPS.search(html).group(1)), {})
    module = next(m for m in props["modules"] if m["_type"] == "wagtail.sidebar.MainMenuModule")
    return {entry.name: entry for entry in map(_entry, module["_args"][0])}


class _IdCounter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = collections.Counter()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id":
                self.ids[value] += 1


def duplicate_ids(html):
    """{id: count} of every id used more than once on the page."""
    counter = _IdCounter()
    counter.feed(html)
    return {value: count for value, count in counter.ids.items() if count > 1}
