"""The editing room at /admin/: Decap CMS, configured from the schemas and site.yaml.

`room_config` turns every section of site.yaml into a Decap collection whose fields follow
sitegen/source/schema.py (labels from sitegen/messages.py, hints from the schemas' descriptions,
required fields, date formats, select lists, relations, pictures), so the form and the build
share one set of rules. Decap's own files are vendored from npm (`decap-cms`, pinned in
package.json) into `decap/` beside this file; `room_files` and `room_assets` are what a build
publishes under `admin/`. A published page of the room requests nothing from a third party.
"""

from __future__ import annotations

import json
import re
import shutil
from html import escape
from pathlib import Path
from typing import Any

from annotated_types import Ge
from pydantic import BaseModel

from ..messages import ROOM, ROOM_LABELS
from ..source.config import ROOM_PAGE, SiteConfig
from ..source.fields import FieldDoc, Kind, fields_of
from ..source.schema import ENTRY_TYPES, SLUG_PATTERN, YAML_TYPES

VENDORED = Path(__file__).with_name("decap")  # decap-cms's dist/, as npm ships it (see `vendor`)
SCRIPT = Path(__file__).with_name("room.js")  # starts Decap, pointing it at `build.py cms`'s local backend
SITE_LISTS = ("family", "kind", "status")
URL_PATTERN = r"^https?://\S+$"
DAY_FORMAT = "YYYY-MM-DD"  # dayjs format, as the schema's Day reads it
# The schema's When: a day, or a day and a time. Typed as text, so a day stays a day (Decap's
# datetime widget would write every date it touches with a time: "that day" becoming midnight).
WHEN_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])( ([01]\d|2[0-3]):[0-5]\d)?$"


def room_config(config: SiteConfig) -> dict[str, Any]:
    """Decap CMS's configuration (config.yml) for the site: one collection per section of site.yaml."""
    repo, branch = github_repository(config)
    backend: dict[str, Any] = {"name": "github", "repo": repo, "branch": branch}
    if config.cms_auth_url:
        backend["base_url"] = str(config.cms_auth_url).rstrip("/")
    return {
        "backend": backend,
        "local_backend": True,
        "publish_mode": "editorial_workflow",
        "locale": "fr",
        "site_url": str(config.base_url),
        "media_folder": "static/images",
        "public_folder": "/static/images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [_collection(folder, config) for folder in config.sections],
    }


def github_repository(config: SiteConfig) -> tuple[str, str]:
    """(owner/name, branch) of the GitHub repository site.yaml's edit_url points into, or ("", "main")."""
    found = re.match(r"https://github\.com/([^/]+/[^/]+)/edit/([^/]+)/", config.edit_url or "")
    return (found.group(1), found.group(2)) if found else ("", "main")


def _collection(folder: str, config: SiteConfig) -> dict[str, Any]:
    section = config.sections[folder]
    model = ENTRY_TYPES[section.type]
    as_yaml = section.type in YAML_TYPES
    fields = _fields(model, config)
    fields.append(
        {"name": "body", "label": ROOM_LABELS["body"], "widget": "markdown", "required": False, "hint": ROOM["body_hint"]}
    )
    collection: dict[str, Any] = {
        "name": folder,
        "label": section.title,
        "label_singular": section.singular,
        "folder": f"content/{folder}",
        "extension": "yaml" if as_yaml else "md",
        "format": "yaml" if as_yaml else "frontmatter",
        "create": True,
        "slug": "{{slug}}",
        "identifier_field": "title",
        "summary": "{{title}}",
        "media_folder": "",  # pictures beside the entry's file, as the build wants them
        "public_folder": "",
        "fields": fields,
    }
    if section.description:
        collection["description"] = section.description
    return collection


def _fields(model: type[BaseModel], config: SiteConfig) -> list[dict[str, Any]]:
    return [_field(f, model.model_fields[f.name].metadata, config) for f in fields_of(model)]


def _field(field: FieldDoc, constraints: list[Any], config: SiteConfig) -> dict[str, Any]:
    """One Decap field: its label, hint, whether it is required, and the widget its kind of value needs."""
    shown: dict[str, Any] = {"name": field.name, "label": ROOM_LABELS[field.name], "required": field.required}
    if field.description:
        shown["hint"] = field.description
    kind = field.kind
    if kind.name == "list" and kind.item is not None and not kind.target:
        item = kind.item
        if item.name == "group" and item.model is not None:
            shown |= {"widget": "list", "fields": _fields(item.model, config)}
            if field.name == "images":
                shown["summary"] = "{{fields.src}}"
        else:  # a list of lines: tags, credits
            shown |= {"widget": "list", "field": {"name": field.name, "label": ROOM_LABELS[field.name], "widget": "string"}}
        shown["required"] = False
        return shown
    shown |= _widget(kind, field, constraints, config)
    return shown


def _widget(kind: Kind, field: FieldDoc, constraints: list[Any], config: SiteConfig) -> dict[str, Any]:
    multiple = kind.name == "list"
    if kind.target in SITE_LISTS:
        options = [{"label": named.name, "value": named.id} for named in config.named(kind.target)]
        return {"widget": "select", "options": options, "multiple": multiple}
    if kind.target:
        collection = next(name for name, s in config.sections.items() if s.type == kind.target)
        return {
            "widget": "relation",
            "collection": collection,
            "value_field": "{{slug}}",
            "search_fields": ["title"],
            "display_fields": ["title"],
            "multiple": multiple,
        }
    if kind.name == "group" and kind.model is not None:
        return {"widget": "object", "collapsed": False, "fields": _fields(kind.model, config)}
    if kind.name == "choice":
        options = [{"label": ROOM.get(f"choice_{v}", v), "value": v} for v in kind.values]
        return {"widget": "select", "options": options, "default": field.default}
    if kind.name == "bool":
        return {"widget": "boolean", "default": bool(field.default)}
    if kind.name == "day":
        return {"widget": "datetime", "format": DAY_FORMAT, "date_format": DAY_FORMAT, "time_format": False}
    if kind.name == "when":
        return {"widget": "string", "pattern": [WHEN_PATTERN, ROOM["when_pattern"]]}
    if kind.name == "int":
        minimum = next((m.ge for m in constraints if isinstance(m, Ge)), None)
        return {"widget": "number", "value_type": "int"} | ({"min": minimum} if minimum is not None else {})
    if kind.name == "slug":
        return {"widget": "string", "pattern": [SLUG_PATTERN.pattern, ROOM["slug_pattern"]]}
    if kind.name == "url":
        return {"widget": "string", "pattern": [URL_PATTERN, ROOM["url_pattern"]]}
    if kind.name == "text":
        return {"widget": "text"}
    if field.name == "src":
        return {"widget": "image", "choose_url": False}
    return {"widget": "string"}


def room_files(config: SiteConfig) -> dict[str, bytes]:
    """The room's page, its configuration inside (path in the site → bytes).

    The configuration is Decap's config.yml as JSON in the page, so no server's idea of a `.yml`
    file's type can keep Decap from reading it. The page leaves out the optional end tag of its
    head, where the preview injects its live reload: a save in the room rebuilds the preview
    without reloading the room itself.
    """
    folder = config.base_path + ROOM_PAGE
    settings = json.dumps(room_config(config), ensure_ascii=False, indent=1).replace("</", "<\\/")
    page = f"""<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{escape(ROOM["page_title"].format(title=config.title), quote=False)}</title>
<script type="application/json" id="room-config">
{settings}
</script>
<body>
<noscript>{escape(ROOM["noscript"], quote=False)}</noscript>
<script src="{folder}room.js"></script>
<script src="{folder}decap-cms.js"></script>
</body>
</html>
"""
    return {ROOM_PAGE + "index.html": page.encode()}


def room_assets() -> dict[str, Path]:
    """The room's files copied as they are: Decap's scripts (vendored) and room.js (path in the site → file)."""
    files = {ROOM_PAGE + SCRIPT.name: SCRIPT}
    if VENDORED.is_dir():
        files |= {ROOM_PAGE + p.name: p for p in sorted(VENDORED.iterdir()) if p.is_file()}
    return files


def vendored_names(dist: Path) -> list[str]:
    """The files of decap-cms's dist/ the room needs: the script, its chunks, its WebAssembly, its licences."""
    wanted = re.compile(r"^(decap-cms\.js|\d+\.decap-cms\.js|[0-9a-f]+\.wasm|decap-cms\.js\.LICENSE\.txt)$")
    return sorted(p.name for p in dist.iterdir() if wanted.match(p.name))


def vendor(dist: Path, target: Path = VENDORED) -> None:
    """Copy decap-cms's dist/ (from `npm ci`) into the engine: run after changing its version in package.json."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in vendored_names(dist):
        shutil.copyfile(dist / name, target / name)


if __name__ == "__main__":  # python -m sitegen.render.room: refresh the vendored copy from node_modules/
    from .. import PROJECT

    vendor(PROJECT / "node_modules" / "decap-cms" / "dist")
