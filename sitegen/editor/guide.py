"""`build.py guide`: the editor's guide, its field reference generated from the schemas.

The prose is in guide.md.jinja beside this file; every table of fields comes from sitegen/schema.py
(descriptions, examples, kinds of values) and from site.yaml (sections, families, kinds, statuses),
the catalogue of problems from sitegen/messages.py (grouped by its comments), and the recipes are
complete files that tests/test_guide.py builds with `check --strict` on a copy of the site, so the
guide cannot drift from the code. A test fails when docs/guide-editeurs.md is not up to date.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import jinja2
from pydantic import BaseModel

from .. import messages as messages_module
from ..messages import FIELD_KINDS, MESSAGES, REFERENCE_NAMES, YAML_PROBLEMS, message
from ..problems import ProblemError
from ..source.config import SiteConfig, load_config
from ..source.fields import FieldDoc, Kind, as_yaml, example, fields_of
from ..source.schema import ENTRY_TYPES, Common

GUIDE = Path("docs") / "guide-editeurs.md"
TEMPLATE = Path(__file__).with_name("guide.md.jinja")
SITE_LISTS = ("family", "kind", "status")
SEE_SUB_FIELDS = "voir ses sous-champs, plus bas"

# From « Merge pull request » to the change online (the workflow's tests, build and deployment).
PUBLISH_MINUTES = "4"


@dataclass(frozen=True)
class Row:
    """One line of a field table."""

    name: str
    required: str
    value: str
    description: str
    example: str


@dataclass(frozen=True)
class TypeDoc:
    """One type of entry: its section in site.yaml, its own fields and their sub-fields."""

    type: str
    folder: str
    title: str
    singular: str
    description: str
    suffix: str
    rows: list[Row]
    groups: list[tuple[str, list[Row]]]


def describe(kind: Kind, config: SiteConfig) -> str:
    """The kind of value of a field, in the editor's words."""
    if kind.name == "list" and kind.item is not None:
        return FIELD_KINDS["list"].format(item=describe(kind.item, config))
    if kind.target in SITE_LISTS:
        return FIELD_KINDS["list_ref"].format(values=", ".join(f"`{n.id}`" for n in config.named(kind.target)))
    if kind.target:
        folders = [f"content/{name}/" for name, s in config.sections.items() if s.type == kind.target]
        return FIELD_KINDS["entry_ref"].format(folders=" ou ".join(folders))
    if kind.name == "choice":
        return FIELD_KINDS["choice"].format(values=", ".join(f"`{v}`" for v in kind.values))
    if kind.name == "group" and kind.model is not None:
        return FIELD_KINDS["group"].format(fields=", ".join(f"`{f.name}`" for f in fields_of(kind.model)))
    return FIELD_KINDS[kind.name]


def rows(model: type[BaseModel], config: SiteConfig, skip: set[str] = frozenset()) -> list[Row]:
    """The table of `model`'s fields, leaving out those in `skip`."""
    return [_row(field, config) for field in fields_of(model) if field.name not in skip]


def _row(field: FieldDoc, config: SiteConfig) -> Row:
    description = field.description
    if field.default not in (None, [], ""):
        description += " " + FIELD_KINDS["default"].format(value=f"`{as_yaml(field.default)}`") + "."
    named = {target: [n.id for n in config.named(target)] for target in SITE_LISTS}
    shown = example(field, named=named)
    kind = field.kind.item if field.kind.name == "list" and field.kind.item else field.kind
    written = "" if shown in ("…", ["…"]) else _cell(f"`{as_yaml(shown)}`")
    if kind.name == "group":  # one line of flow YAML would be hard to read: the sub-fields' table follows
        written = SEE_SUB_FIELDS
    return Row(
        field.name,
        FIELD_KINDS["required" if field.required else "optional"],
        _cell(describe(field.kind, config)),
        _cell(description),
        written,
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _groups(model: type[BaseModel], config: SiteConfig, common: bool = False) -> list[tuple[str, list[Row]]]:
    """The sub-fields of `model`'s groups (`venue`, `programme`…): its own, or with `common` the shared ones."""
    found = []
    for field in fields_of(model):
        kind = field.kind.item if field.kind.name == "list" and field.kind.item else field.kind
        if (field.name in Common.model_fields) == common and kind.name == "group" and kind.model is not None:
            found.append((field.name, rows(kind.model, config)))
    return found


def type_docs(config: SiteConfig) -> list[TypeDoc]:
    """Every section of site.yaml with the reference of its type's fields."""
    from .scaffold import YAML_TYPES

    common = set(Common.model_fields)
    return [
        TypeDoc(
            section.type,
            folder,
            section.title,
            section.singular,
            section.description,
            ".yaml" if section.type in YAML_TYPES else ".md",
            rows(ENTRY_TYPES[section.type], config, common),
            _groups(ENTRY_TYPES[section.type], config),
        )
        for folder, section in config.sections.items()
    ]


# The groups of MESSAGES, as the comments of sitegen/messages.py name them, in the editor's words.
GROUP_TITLES = {
    "Reading files": "Lecture des fichiers",
    "Validation of fields": "Valeurs des champs",
    "References between entries": "Liens, références, images et gabarits",
    "Site settings": "Réglages du site (site.yaml)",
    "Command line": "Commandes du terminal",
    "Drafts and scheduled entries": "Brouillons et publication programmée",
    "Strict checks (--strict)": "Vérification stricte (celle de la demande de fusion)",
    "Command line: help and usage errors": "Commandes du terminal : aide et erreurs d'utilisation",
    "Command line: new, guide": "Commandes new et guide",
    "GitHub annotations (--format github)": "Annotations GitHub",
}
OTHER_GROUP = "Autres messages"

# Why a message appears, in one line, where its own words (before « — ») do not say enough.
CAUSES = {
    "yaml_unknown": "L'en-tête n'est pas du YAML valide, d'une façon que l'outil ne sait pas nommer en français : "
    "le détail entre parenthèses est en anglais.",
    "yaml_not_mapping": "L'en-tête contient autre chose qu'une suite de lignes « nom: valeur » (une phrase seule, une liste…).",
    "yaml_unclosed_quote": "Une valeur commence par un guillemet (\" ou ') qui n'est pas refermé : la suite de l'en-tête "
    "serait lue comme la même valeur.",
    "yaml_duplicate_key": "Le même champ figure deux fois dans l'en-tête : l'outil ne devine pas laquelle garder.",
    "no_front_matter": "Un fichier .md doit commencer par son en-tête, entre deux lignes « --- ».",
    "unclosed_front_matter": "La ligne « --- » qui termine l'en-tête manque : le texte serait lu comme des champs.",
    "not_utf8": "Le fichier a été enregistré dans un autre encodage, souvent par un vieux logiciel ou un copier-coller.",
    "unreadable": "L'outil n'a pas pu ouvrir le fichier.",
    "not_a_file": "Ce nom, dans content/, désigne autre chose qu'un fichier.",
    "empty_file": "Le fichier ne contient rien.",
    "binary_file": "Un fichier qui n'est pas du texte (une image, un PDF…) porte l'extension .md ou .yaml.",
    "file_too_big": "Le fichier dépasse la taille qu'accepte le site.",
    "control_character": "Un caractère invisible s'est glissé dans le texte, souvent depuis un traitement de texte ou un PDF.",
    "yaml_too_deep": "Trop de listes ou de groupes de champs sont emboîtés les uns dans les autres.",
    "yaml_too_big": "L'en-tête emploie des alias YAML (« &nom » puis « *nom ») qui le font gonfler au-delà de la limite.",
    "yaml_recursive_alias": "Un alias YAML (« *nom ») renvoie à la valeur qui le contient.",
    "unknown_section": "Le fichier est rangé dans un dossier qui ne correspond à aucune section du site, "
    "ou directement dans content/.",
    "unknown_extension": "Un fichier de content/ n'est ni une entrée (.md, .yaml), ni une image, ni un PDF.",
    "reserved_name": "Le nom du fichier, le champ slug: ou une étiquette est un nom que Windows refuse.",
    "tag_without_letters": "Une étiquette n'est faite que de signes (par exemple « ? ») : elle ne donnerait pas d'adresse.",
    "unportable_name": "Le nom du fichier contient un caractère que Windows refuse : le site ne pourrait pas y être copié.",
    "name_not_utf8": "Le nom du fichier vient d'un système qui n'écrit pas les accents comme le site.",
    "symlink_outside": "Un raccourci (lien symbolique) de content/ mène à un fichier situé hors de content/.",
    "bad_slug": "Le champ slug: contient des majuscules, des accents, des espaces ou d'autres signes.",
    "missing": "Un champ obligatoire de ce type d'entrée n'est pas écrit (voir la référence des champs, plus bas).",
    "extra_forbidden": "Ce champ n'existe pas pour ce type d'entrée : souvent une faute de frappe, ou un champ d'un autre type.",
    "date": "La date n'est pas écrite AAAA-MM-JJ, ou elle n'existe pas (un 31 juin, par exemple).",
    "datetime": "La date ou l'heure n'est pas écrite AAAA-MM-JJ ou « AAAA-MM-JJ HH:MM », ou elle n'existe pas.",
    "datetime_offset": "L'heure porte un décalage horaire (« +02:00 », « Z ») : le site compte toujours en heure de Paris.",
    "int": "Le champ attend un nombre entier (participants, par exemple).",
    "bool": "Un champ oui-non contient autre chose que true ou false (yes, no, oui, non…).",
    "string": "Le champ attend un texte, mais la valeur est lue comme une liste ou un groupe de champs.",
    "list": "Le champ attend une liste (tags, partners…).",
    "mapping": "Le champ attend des sous-champs (venue, une ligne de programme, une image…).",
    "url": "L'adresse ne commence pas par https:// ou http://.",
    "enum": "Le champ n'accepte que quelques valeurs (date_precision : day ou month).",
    "empty": "Un champ obligatoire est écrit sans valeur.",
    "empty_optional": "Un champ facultatif est écrit sans valeur.",
    "missing_alt": "Une image du champ images: n'a pas de ligne alt:.",
    "one_line": "Le champ (title, definition…) n'accepte qu'une ligne de texte.",
    "end_before_start": "La fin du rendez-vous (end:) précède son début (start:).",
    "unknown_ref": "Le champ cite un nom de fichier, ou un identifiant de site.yaml, qui n'existe pas. "
    "Selon le champ, le message commence par : {names}.",
    "unknown_ref_none": "Le champ cite une entrée d'un type dont aucune entrée n'existe encore.",
    "markdown_too_complex": "Le texte de l'entrée est trop long ou trop imbriqué pour être mis en forme à temps.",
    "broken_link": "Un lien du texte vise un fichier .md ou .yaml qui n'existe pas à ce chemin.",
    "url_collision": "Deux fichiers donnent la même adresse : même nom une fois les accents retirés, ou même slug:.",
    "missing_image": "Le fichier nommé par src: n'est pas à côté du fichier de l'entrée (ou src: contient un dossier).",
    "image_unreadable": "Le fichier image est abîmé, dans un format que l'outil ne lit pas, ou trop grand (trop de pixels).",
    "image_svg": "Une image est au format SVG : ce format peut contenir du code, le site n'en publie pas.",
    "too_many_tags": "Une entrée a plus d'étiquettes que la limite du site (chaque étiquette est une page et un flux).",
    "too_many_items": "Une liste de l'en-tête (programme, partenaires, figures, images…) dépasse la limite du site.",
    "too_long": "Un champ de l'en-tête dépasse la longueur permise (une ligne pour un titre, un nom ; plus pour un résumé).",
    "template_missing": "Le champ template: nomme un gabarit qui n'existe pas.",
    "template_error": "Un gabarit (dossier templates/) contient une erreur : votre contenu n'y est pour rien.",
    "site_section_type": "Dans site.yaml, une section annonce un type d'entrée qui n'existe pas.",
    "bad_edit_url": "Dans site.yaml, l'adresse edit_url (le lien « Proposer une modification ») est mal écrite.",
    "html_unsafe": "Dans site.yaml, la liste du HTML permis contient une balise ou un attribut dangereux.",
    "menu_unknown": "Dans site.yaml, le menu nomme une section ou une page qui n'existe pas.",
    "footer_unknown": "Dans site.yaml, la liste footer nomme une page qui n'existe pas dans content/pages/.",
    "booklet_missing": "Une micro-histoire donne sa page dans le livret (booklet_page), mais site.yaml ne décrit pas le livret.",
    "booklet_page_beyond": "Le numéro de page d'une micro-histoire dépasse le nombre de pages du livret déclaré dans site.yaml.",
    "summary_problems": "C'est le bilan, après la liste des problèmes : le site n'est pas reconstruit tant qu'il en reste un.",
    "missing_site_yaml": "La commande n'est pas lancée depuis le dossier du projet (celui qui contient site.yaml).",
    "bad_now": "L'option --now attend une date AAAA-MM-JJ.",
    "cli_unknown_command": "Le premier mot après build.py n'est pas une commande (faute de frappe ?).",
    "cli_unknown_option": "Une option (un mot commençant par « - ») n'existe pas, ou elle est abrégée.",
    "cli_unknown_format": "L'option --format n'accepte que github.",
    "cli_bad_port": "L'option --port attend un numéro de port.",
    "cli_needs_value": "L'option est écrite sans la valeur qui doit la suivre.",
    "cli_flag_value": "Une option qui s'écrit seule (--strict, --help) a reçu une valeur (« --strict=oui »).",
    "cli_bad_command_line": "La ligne de commande n'a pas pu être lue.",
    "serving": "Ce n'est pas un problème : l'aperçu fonctionne.",
    "preview_failed": "L'aperçu a rencontré une erreur que l'outil ne sait pas expliquer.",
    "preview_port": "Un autre programme, souvent un autre aperçu, occupe déjà ce port.",
    "output_contains_site": "L'option --output vise le dossier du projet lui-même.",
    "output_inside_sources": "L'option --output vise content/, templates/ ou un autre dossier de sources.",
    "output_not_folder": "L'option --output vise un fichier, pas un dossier.",
    "output_foreign": "L'option --output vise un dossier qui contient déjà autre chose qu'un site produit par build.py.",
    "build_running": "Une autre construction (ou l'aperçu) écrit déjà le site.",
    "write_failed": "L'outil n'a pas pu écrire le site (disque plein, droits…) : rien n'est perdu.",
    "search_failed": "L'outil qui fabrique l'index de recherche manque ou a échoué.",
    "hidden_reference": "Une entrée publiée cite, dans un champ, une entrée en brouillon ou programmée pour plus tard.",
    "hidden_link": "Une entrée publiée a un lien vers une entrée en brouillon ou programmée pour plus tard.",
    "strict_broken_link": "Un lien de la page mène à une adresse du site où il n'y a rien.",
    "strict_broken_anchor": "Un lien vise un intertitre (« #… ») qui n'existe pas dans la page visée.",
    "strict_missing_image": "Une image de la page mène à une adresse du site où il n'y a pas d'image.",
    "strict_missing_alt": "Une image du texte n'a pas de description : « ![](photo.jpg) », sans rien entre les crochets.",
    "strict_close_tag": "Une étiquette employée par une seule entrée s'écrit presque comme une autre : "
    "probablement une faute de frappe.",
    "strict_unused_file": "Un fichier de content/ (une image, un PDF…) n'est cité par aucune entrée.",
    "unexpected_words": "La commande a reçu des mots en trop : seule new prend un type et un titre.",
    "new_unknown_type": "Le type d'entrée demandé à new n'existe pas.",
    "new_empty_slug": "Le titre ne contient ni lettre ni chiffre : il ne donne pas de nom de fichier.",
    "new_exists": "Une entrée porte déjà ce nom de fichier : new n'écrase jamais un fichier.",
}
# Messages with « — » that are not problems an editor reads: left out of the catalogue.
NOT_IN_CATALOGUE = {
    "output_marker": "the text of the marker file build.py leaves in output/",
}
YAML_CAUSE = "L'en-tête n'est pas écrit en YAML valide, à la ligne indiquée."

# What placeholders show in the catalogue: « … » unless an example reads better.
SHOWN = {
    "field": "title",
    "what": REFERENCE_NAMES["partner"],
    "suggestion": message("did_you_mean", match="…"),
    "about": "",
}


@dataclass(frozen=True)
class MessageDoc:
    """One problem an editor can read: its words, split at the first « — », and why it appears."""

    key: str
    problem: str
    fix: str
    cause: str


@dataclass(frozen=True)
class MessageGroup:
    title: str
    messages: list[MessageDoc]


class _Shown(dict):
    def __missing__(self, name: str) -> str:
        return "…"


def shown(key: str, **values: str) -> str:
    """The message `key` as the catalogue shows it, its placeholders replaced by « … » or an example."""
    try:
        return MESSAGES[key].format_map(_Shown(SHOWN, **values))
    except ValueError:  # a lone brace: message() would fail on it too (test_guide says so); show the words
        return MESSAGES[key]


def _split(key: str, text: str, cause: str) -> MessageDoc:
    problem, _, fix = text.partition(" — ")
    return MessageDoc(key, problem.strip(), fix.strip(), cause)


def message_groups() -> list[tuple[str, list[str]]]:
    """The keys of MESSAGES under each comment of sitegen/messages.py, in its order."""
    source = Path(messages_module.__file__).read_text(encoding="utf-8")
    block = source[source.index("MESSAGES: dict") :]
    block = block[: block.index("\n}\n")]
    groups: list[tuple[str, list[str]]] = [(OTHER_GROUP, [])]
    for line in block.splitlines()[1:]:
        comment = re.match(r"\s*#\s*(.+?)\s*$", line)
        key = re.match(r'\s*"(\w+)"\s*:', line)
        if comment:
            groups.append((comment.group(1), []))
        elif key and key.group(1) in MESSAGES:
            groups[-1][1].append(key.group(1))
    found = {key for _, keys in groups for key in keys}
    groups[0][1].extend(key for key in MESSAGES if key not in found)
    return [(name, keys) for name, keys in groups[1:] + groups[:1] if keys]


def catalogue() -> list[MessageGroup]:
    """Every message with « what is wrong — how to fix it », grouped as messages.py groups them."""
    names = ", ".join(f"« {name} »" for name in REFERENCE_NAMES.values())
    result = []
    for name, keys in message_groups():
        docs = []
        for key in keys:
            if " — " not in MESSAGES[key] or key in NOT_IN_CATALOGUE:
                continue
            docs.append(_split(key, shown(key), CAUSES.get(key, "").format(names=names)))
            if key == "yaml_unknown":  # the syntax errors PyYAML reports, each in the editor's words
                docs[-1:-1] = [
                    _split(f"yaml_syntax:{fragment}", shown("yaml_syntax", problem=french), YAML_CAUSE)
                    for fragment, french in YAML_PROBLEMS.items()
                ]
        if docs:
            result.append(MessageGroup(GROUP_TITLES.get(name, OTHER_GROUP), docs))
    return result


def markdown_text(text: str) -> str:
    """`text` shown as written in a Markdown table cell: no emphasis, link, picture or HTML."""
    return re.sub(r"([\\`*_\[\]<>!|])", r"\\\1", text)


def code_text(text: str) -> str:
    """`text` as a code span of a Markdown table cell."""
    return "`" + text.replace("|", "\\|") + "`"


def repository_url(config: SiteConfig) -> str:
    """The repository's page on GitHub, from site.yaml's edit_url, or ""."""
    found = re.match(r"(https://github\.com/[^/]+/[^/]+)/edit/", config.edit_url or "")
    return found.group(1) if found else ""


@dataclass(frozen=True)
class Recipe:
    """A complete file of the guide's recipes; tests/test_guide.py builds it into a copy of the site."""

    path: str
    text: str
    pictures: tuple[str, ...] = ()  # files the recipe puts beside the entry


RECIPES = {
    "event": Recipe(
        "content/rendez-vous/atelier-rennes.md",
        """\
---
title: "Atelier créatif à Rennes : petits et grands acteurs dans les écosystèmes"
summary: Un après-midi à Rennes pour réfléchir à la place des petits acteurs dans les grands écosystèmes d'innovation.
start: 2016-12-15 14:00
end: 2016-12-15 18:00
venue:
  address: 2 rue de la Mabilais
  city: Rennes
partners: [fing, metropole-de-rennes, french-tech-rennes-st-malo]
programme:
  - time: 14:00
    title: Café d'accueil
  - time: 14:15–15:00
    title: "Introduction : la petite échelle, ses modèles et ses figures-types"
  - time: 15:00–17:00
    title: Écriture collaborative d'une micro-histoire prospective
  - time: 17:00–18:00
    title: Débat sur la place et le rôle des petits acteurs dans l'écosystème
tags: [atelier, écosystèmes, entreprises, petite échelle]
---
La [Fing](../partenaires/fing.yaml), la [Métropole de Rennes](../partenaires/metropole-de-rennes.yaml)
et [La French Tech Rennes St Malo](../partenaires/french-tech-rennes-st-malo.yaml) invitent à un
atelier créatif : quand l'innovation s'organise en grands écosystèmes, comment les « petits »
y trouvent-ils leur place à côté des grands ?

L'après-midi suit la méthode du cycle : une présentation des figures-modèles (par exemple
[Écosystèmes](../figures/ecosystemes.md)), l'écriture à plusieurs d'une micro-histoire
prospective, puis un débat.

L'inscription était obligatoire ; nous ne disposons pas du lien vers le formulaire.
""",
    ),
    "figure": Recipe(
        "content/figures/essaimage.md",
        """\
---
title: Réplication (essaimage)
family: chemins-pour-les-petits
definition: Se diffuser en se reproduisant ailleurs plutôt qu'en grandissant.
summary: Un chemin de transformation ouvert aux petits acteurs.
related: [multitude, hyperscalaire, simplicite]
tags: [petite échelle]
---
Un modèle qui marche peut être repris par d'autres, ailleurs, sous des formes voisines : chaque
essaim reste petit, c'est leur nombre qui change la donne.

*Glose rédigée pour ce site, la définition du cycle n'ayant pas été rendue publique ; le rangement
par familles reprend les notes d'une séance Think Small du 12 avril 2018.*
""",
    ),
    "images": Recipe(
        "content/rendez-vous/presentation-du-livret.md",
        """\
---
title: Présentation publique du livret « Think Small »
summary: Une fin d'après-midi à Paris pour présenter le livret qui rassemble les travaux du cycle.
start: 2017-09-14 17:00
end: 2017-09-14 19:00
date_inferred: true
venue:
  city: Paris
images:
  - src: couverture-du-livret.jpg
    alt: Couverture du livret « Think Small — Prendre au sérieux la puissance transformatrice de la petite échelle »
    caption: Le livret du cycle, publié par la Fing en septembre 2017.
    credit: Fing, conception graphique de Mathieu Drouet
    licence: CC-BY 4.0
  - src: filet.png
    alt: ""
programme:
  - time: 17:00
    title: Ouverture et présentation du livret
  - time: 17:40
    title: Se transformer à la petite échelle, vraiment ?
  - time: 18:00
    title: Think Small, numérique et modèles du vivant
  - time: 19:00
    title: Temps de rencontre entre participants
tags: [petite échelle, prospective, numérique]
---
Le cycle rend compte de son année de travail en présentant le [livret « Think Small »](../pages/a-propos.md),
publié par la Fing en septembre 2017.

![Schéma des dynamiques de la petite échelle](schema-des-dynamiques.png)

Le schéma ci-dessus, dessiné par Lucile Picon, figure dans le livret (licence CC-BY 4.0).
""",
        ("couverture-du-livret.jpg", "filet.png", "schema-des-dynamiques.png"),
    ),
    "cancelled": Recipe(
        "content/rendez-vous/atelier-rennes.md",
        """\
---
title: "Atelier créatif à Rennes : petits et grands acteurs dans les écosystèmes"
summary: Un après-midi à Rennes pour réfléchir à la place des petits acteurs dans les grands écosystèmes d'innovation.
start: 2016-12-15 14:00
end: 2016-12-15 18:00
cancelled: true
venue:
  address: 2 rue de la Mabilais
  city: Rennes
partners: [fing, metropole-de-rennes, french-tech-rennes-st-malo]
tags: [atelier, écosystèmes, entreprises, petite échelle]
---
Cet atelier est annulé.
""",
    ),
}


def render_guide(config: SiteConfig) -> str:
    """The whole guide, as Markdown."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE.parent),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown, not HTML
    )
    env.filters["md"] = markdown_text
    env.filters["code"] = code_text
    return env.get_template(TEMPLATE.name).render(
        config=config,
        types=type_docs(config),
        common=rows(Common, config),
        common_groups=_groups(Common, config, common=True),
        catalogue=catalogue(),
        recipes=RECIPES,
        publish_minutes=PUBLISH_MINUTES,
        repository=repository_url(config),
    )


def write_guide(root: Path) -> int:
    """The `guide` command: write docs/guide-editeurs.md from the schemas and root's site.yaml."""
    try:
        config = load_config(root)
    except ProblemError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    target = root / GUIDE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_guide(config), encoding="utf-8")
    print(message("guide_written", path=GUIDE.as_posix()))
    return 0
