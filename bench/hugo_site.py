"""The same corpus as a Hugo site: same entries, same Markdown bodies, same site shape.

One page per entry through a base layout, one index per section, one page per tag and a tags
index; links by source path are resolved by Hugo's embedded link render hook, front-matter
references through `site.GetPage`. The layouts (bench/hugo_layouts/) are kept minimal: they do
not compute backlinks, which our engine does, so Hugo has slightly less work per page.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from .corpus import FOLDER_TYPES, PROJECT, Spec

LAYOUTS = Path(__file__).resolve().parent / "hugo_layouts"
_YAML_LINK = re.compile(r"(\]\([^)\s]*?)\.yaml([#)])")  # [x](../partenaires/fing.yaml) → .md: Hugo content is Markdown
_DATED = {"event": "start", "report": "date"}


def hugo_config(site: dict[str, Any]) -> dict[str, Any]:
    """hugo.yaml from our site.yaml: title, menu, lists of families, kinds and statuses, URLs."""
    sections = site["sections"]
    menu = []
    for weight, name in enumerate(site.get("menu", []), 1):
        if name in sections:
            menu.append({"name": sections[name]["title"], "url": f"/{sections[name]['url']}/", "weight": weight})
        else:
            menu.append({"name": "À propos" if name == "a-propos" else name, "url": f"/{name}/", "weight": weight})
    return {
        "baseURL": site["base_url"],
        "locale": "fr",
        "title": site["title"],
        "disableKinds": ["rss", "sitemap", "robotstxt"],
        "buildFuture": True,  # events to come are pages too
        "removePathAccents": True,  # tag URLs without accents, like ours
        "taxonomies": {"tag": "tags"},
        "permalinks": {
            "page": {"pages": "/:contentbasename/"},  # pages at the root, like ours
            "taxonomy": {"tags": "/etiquettes/"},
            "term": {"tags": "/etiquettes/:slug/"},
        },
        "markup": {"goldmark": {"renderHooks": {"link": {"useEmbedded": "fallback"}}}},
        "menus": {"main": menu},
        "params": {
            "tagline": site.get("tagline", ""),
            "description": site.get("description", ""),
            "contact": site.get("contact", ""),
            "families": {f["id"]: f["name"] for f in site.get("families", [])},
            "kinds": {k["id"]: k["name"] for k in site.get("kinds", [])},
            "statuses": {s["id"]: s["name"] for s in site.get("statuses", [])},
        },
    }


def hugo_front_matter(spec: Spec) -> dict[str, Any]:
    """Hugo's fields (title, summary, date, tags) at the top, ours under `params`."""
    fields = dict(spec.fields)
    matter: dict[str, Any] = {"title": fields.pop("title")}
    if "summary" in fields:
        matter["summary"] = fields["summary"]  # also kept in params, where the layouts read it
    if spec.type in _DATED:
        written = fields[_DATED[spec.type]]
        matter["date"] = written.replace(" ", "T") + ":00" if " " in written else written
    matter["tags"] = fields.pop("tags", [])
    if "url" in fields:  # `url` would set the page's URL in Hugo
        fields["website"] = fields.pop("url")
    matter["params"] = fields
    return matter


def hugo_text(spec: Spec) -> str:
    """The entry as a Hugo Markdown file, with the same body."""
    matter = yaml.safe_dump(hugo_front_matter(spec), allow_unicode=True, sort_keys=False, width=1000)
    body = _YAML_LINK.sub(r"\1.md\2", spec.body)
    return f"---\n{matter}---\n{body}"


def write_hugo_site(root: Path, specs: list[Spec]) -> None:
    """Write a fresh Hugo site for `specs` into `root`: hugo.yaml, layouts/, static/, content/."""
    if root.exists():
        shutil.rmtree(root)
    site = yaml.safe_load((PROJECT / "site.yaml").read_text(encoding="utf-8"))
    root.mkdir(parents=True)
    (root / "hugo.yaml").write_text(yaml.safe_dump(hugo_config(site), allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copytree(LAYOUTS, root / "layouts")
    shutil.copytree(PROJECT / "static", root / "static" / "static")  # served at /static/, like ours
    for folder, section in site["sections"].items():
        (root / "content" / folder).mkdir(parents=True)
        index: dict[str, Any] = {"title": section["title"], "description": section.get("description", "")}
        if not section["url"]:
            index["build"] = {"render": "never", "list": "always"}  # pages have no index, like ours
        (root / "content" / folder / "_index.md").write_text(
            f"---\n{yaml.safe_dump(index, allow_unicode=True, sort_keys=False)}---\n", encoding="utf-8"
        )
    assert set(FOLDER_TYPES) == set(site["sections"]), "bench/corpus.py and site.yaml name different sections"
    for spec in specs:
        (root / "content" / spec.folder / f"{spec.slug}.md").write_text(hugo_text(spec), encoding="utf-8")
