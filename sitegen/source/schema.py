"""What each type of entry may contain: typed fields, French descriptions, references by id.

The descriptions and examples are shown to editors (problem hints, editor's guide).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, PlainValidator, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError
from slugify import slugify

from ..messages import message

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Names Windows cannot give a file or folder, whatever the extension: a site copied there would break.
WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])$", re.IGNORECASE)


def slug_problem(value: str, shown: str | None = None) -> str | None:
    """Why `value` cannot be a path segment of the site (naming it `shown`), or None when it can."""
    if not SLUG_PATTERN.match(value):
        return message("bad_slug", value=shown or value)
    if WINDOWS_RESERVED.match(value):
        return message("reserved_name", value=shown or value)
    return None


@dataclass(frozen=True)
class Ref:
    """Marks a field whose values are ids of another type (`partner`, `figure`…) or of a list in site.yaml."""

    target: str


def _parse_day(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise PydanticCustomError("date", message("date", value=value)) from None


def _parse_when(value: Any) -> date | datetime:
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        when = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        raise PydanticCustomError("datetime", message("datetime", value=value)) from None
    if isinstance(when, datetime) and when.tzinfo is not None:
        raise PydanticCustomError("datetime", message("datetime_offset", value=value))
    return when


# YAML 1.2's spellings of true and false; `yes`, `no`, `on`, `off`… are refused rather than guessed.
_FLAGS = {"true": True, "false": False}


def _parse_flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    flag = _FLAGS.get(value.strip().lower()) if isinstance(value, str) else None
    if flag is None:
        raise PydanticCustomError("bool_parsing", "")
    return flag


def _parse_slug(value: Any) -> str:
    problem = slug_problem(value) if isinstance(value, str) else message("bad_slug", value=value)
    if problem:
        raise PydanticCustomError("slug", problem)
    return value


def _one_line(value: Any) -> str:
    text = _text_line(value) if value is not None else ""
    if not text:
        raise PydanticCustomError("empty", message("empty"))
    return text


def _alt_text(value: Any) -> str:
    """One line of text, possibly empty on purpose: `alt: ""` marks a decorative picture."""
    if value is None:  # `alt:` with nothing after it: forgotten, or meant to be decorative?
        raise PydanticCustomError("alt_blank", message("alt_blank"))
    return _text_line(value)


def _text_line(value: Any) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise PydanticCustomError("string", message("string"))
    text = str(value).strip()
    if "\n" in text:
        raise PydanticCustomError("one_line", message("one_line"))
    return text


Day = Annotated[date, PlainValidator(_parse_day), WithJsonSchema({"type": "string", "format": "date"})]
When = Annotated[
    date | datetime,
    PlainValidator(_parse_when),
    WithJsonSchema({"type": "string", "description": "AAAA-MM-JJ ou « AAAA-MM-JJ HH:MM »"}),
]
Slug = Annotated[str, PlainValidator(_parse_slug), WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN.pattern})]
Line = Annotated[str, PlainValidator(_one_line), WithJsonSchema({"type": "string"})]
AltText = Annotated[str, PlainValidator(_alt_text), WithJsonSchema({"type": "string"})]
Flag = Annotated[bool, PlainValidator(_parse_flag), WithJsonSchema({"type": "boolean"})]


@lru_cache(maxsize=4096)
def tag_slug(text: str) -> str:
    """A tag's slug (the same few hundred tags come back in thousands of entries: computed once each)."""
    return slugify(text)


def _tag(value: Any) -> str:
    text = _one_line(value)
    slug = tag_slug(text)
    if not slug:
        raise PydanticCustomError("tag", message("tag_without_letters", value=text))
    if WINDOWS_RESERVED.match(slug):
        raise PydanticCustomError("tag", message("reserved_name", value=slug))
    return text


TagName = Annotated[str, PlainValidator(_tag), WithJsonSchema({"type": "string"})]


class Model(BaseModel):
    """Strict about unknown fields, lenient about numbers written where text is expected."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True, frozen=True)


class Image(Model):
    """A picture shown with an entry: a file beside the entry's own file."""

    src: Line = Field(description="Fichier image, placé à côté du fichier de l'entrée.", examples=["affiche.jpg"])
    alt: AltText = Field(
        description='Ce que montre l\'image, pour qui ne la voit pas (obligatoire) ; alt: "" pour une image purement décorative.',
        examples=["L’affiche de l’atelier, une carte de Rennes semée de gommettes"],
    )
    caption: Line | None = Field(None, description="Légende affichée sous l'image.")
    credit: Line | None = Field(None, description="Auteur ou autrice de l'image, affiché sous l'image.", examples=["Fing"])
    licence: Line | None = Field(None, description="Licence de l'image, affichée sous l'image.", examples=["CC BY-SA 4.0"])


class Common(Model):
    """Fields every entry shares."""

    def get(self, name: str) -> Any:
        """The field `name` of this entry's type, or None when its type has no such field (pydantic's own miss is slow)."""
        return self.__dict__.get(name)

    title: Line = Field(description="Titre affiché en haut de la page et dans les listes.", examples=["Atelier à Rennes"])
    slug: Slug | None = Field(
        None, description="Adresse de la page ; par défaut, le nom du fichier.", examples=["atelier-rennes"]
    )
    summary: str | None = Field(None, description="Une ou deux phrases de présentation, reprises dans les listes.")
    tags: list[TagName] = Field(
        [],
        description="Mots-clés ; « Petite échelle » et « petite-echelle » sont le même.",
        examples=[["petite échelle", "ville"]],
    )
    template: Slug | None = Field(
        None, description="Gabarit particulier pour cette page (nom d'un fichier de templates/, sans .html)."
    )
    draft: Flag = Field(
        False,
        description="true : brouillon, absent du site publié mais visible dans l'aperçu (build.py serve) avec la mention « brouillon ».",
    )
    publish: Day | None = Field(
        None,
        description="Date de mise en ligne (AAAA-MM-JJ) : avant ce jour, l'entrée reste hors du site publié.",
        examples=["2017-09-14"],
    )
    images: list[Image] = Field(
        [], description="Images montrées avec l'entrée : src, alt, et si besoin caption, credit, licence."
    )
    sources: str | None = Field(
        None,
        description="Note sur les sources et la rédaction de la page (ce qui est déduit, ce qui manque), "
        "montrée à part, en fin de page, sous le titre « Sources ».",
        examples=["Glose rédigée pour ce site : la définition du cycle n'a pas été publiée."],
    )


class Venue(Model):
    name: Line | None = Field(None, description="Nom du lieu.", examples=["Le Tank"])
    address: Line | None = Field(None, description="Adresse.", examples=["22 bis rue des Taillandiers"])
    city: Line | None = Field(None, description="Ville.", examples=["Paris"])


class ProgrammeItem(Model):
    time: Line = Field(description="Heure ou créneau.", examples=["14:15–15:00"])
    title: Line = Field(description="Ce qui se passe à ce moment.", examples=["Introduction"])


class Event(Common):
    """A rendez-vous of the cycle."""

    start: When = Field(
        description="Début : date (AAAA-MM-JJ) ou date et heure (« AAAA-MM-JJ HH:MM »), heure de Paris.",
        examples=["2016-12-15 14:00"],
    )
    end: When | None = Field(None, description="Fin, même format que start.", examples=["2016-12-15 18:00"])
    date_precision: Literal["day", "month"] = Field("day", description="« month » quand seul le mois est connu.")
    date_inferred: Flag = Field(False, description="true quand l'année est déduite et non attestée par les sources.")
    venue: Venue | None = Field(None, description="Lieu : name, address, city.")
    partners: Annotated[list[Line], Ref("partner")] = Field(
        [], description="Partenaires (noms de fichiers de content/partenaires/).", examples=[["fing"]]
    )
    registration: HttpUrl | None = Field(None, description="Adresse du formulaire d'inscription.")
    programme: list[ProgrammeItem] = Field([], description="Déroulé : une liste de « time » et « title ».")
    cancelled: Flag = Field(False, description="true si le rendez-vous est annulé.")

    @model_validator(mode="after")
    def _end_after_start(self) -> Event:
        if self.end is not None and _as_datetime(self.end) < _as_datetime(self.start):
            raise PydanticCustomError(
                "end_before_start", message("end_before_start", start=_written(self.start), end=_written(self.end))
            )
        return self


def _written(value: date | datetime) -> str:
    return value.isoformat(" ", "minutes") if isinstance(value, datetime) else value.isoformat()


def _as_datetime(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)


class Report(Common):
    """A compte rendu of a rendez-vous."""

    date: Day = Field(description="Date de la séance (AAAA-MM-JJ).", examples=["2016-10-20"])
    date_inferred: Flag = Field(False, description="true quand l'année est déduite et non attestée par les sources.")
    event: Annotated[Line | None, Ref("event")] = Field(
        None, description="Rendez-vous dont c'est le compte rendu.", examples=["journee-creative-les-dunes"]
    )
    participants: int | None = Field(None, ge=0, description="Nombre de participants.", examples=[50])
    participants_approximate: Flag = Field(
        False,
        description="true quand le nombre de participants est approximatif (« une cinquantaine ») : affiché « environ 50 ».",
    )
    partners: Annotated[list[Line], Ref("partner")] = Field([], description="Partenaires intervenus.")
    figures: Annotated[list[Line], Ref("figure")] = Field([], description="Figures-modèles citées.")


class Figure(Common):
    """A figure-model of small-scale dynamics."""

    family: Annotated[Line, Ref("family")] = Field(description="Famille (déclarée dans site.yaml).", examples=["forces-du-petit"])
    definition: Line = Field(description="Définition en une ligne.", examples=["Changer de cap vite, sans lourdeur."])
    definition_by: Literal["site", "cycle"] = Field(
        "site",
        description="Qui a écrit la définition : « site » (une glose rédigée pour ce site, signalée comme telle) "
        "ou « cycle » (la définition publiée par le cycle).",
    )
    related: Annotated[list[Line], Ref("figure")] = Field([], description="Figures voisines.")


class Imaginary(Common):
    """An imaginary: exhibition panel or source of inspiration."""

    kind: Annotated[Line, Ref("kind")] = Field(description="Genre (déclaré dans site.yaml).", examples=["conte"])
    credits: list[Line] = Field([], description="Auteurs et autrices.")
    figures: Annotated[list[Line], Ref("figure")] = Field([], description="Figures-modèles illustrées.")


class Story(Common):
    """A micro-story, complete or an opening to continue."""

    status: Annotated[Line, Ref("status")] = Field(description="Statut (déclaré dans site.yaml).", examples=["complete"])
    event: Annotated[Line | None, Ref("event")] = Field(None, description="Rendez-vous où l'histoire est née.")
    figures: Annotated[list[Line], Ref("figure")] = Field([], description="Figures-modèles mises en scène.")
    booklet_page: int | None = Field(
        None,
        ge=1,
        description="Page du livret où commence l'histoire (le livret est décrit par « booklet » dans site.yaml).",
        examples=[36],
    )


class Partner(Common):
    """A partner organisation, referenced by its file name."""

    url: HttpUrl | None = Field(None, description="Site web du partenaire.")


class Page(Common):
    """A plain page (à propos, participer…)."""


# Entries of these types are written as YAML (fields, then `body:`), like the partners of the real site.
YAML_TYPES = ("partner",)

ENTRY_TYPES: dict[str, type[Common]] = {
    "event": Event,
    "report": Report,
    "figure": Figure,
    "imaginary": Imaginary,
    "story": Story,
    "partner": Partner,
    "page": Page,
}


def references(model: type[BaseModel]) -> dict[str, str]:
    """Map each reference field of `model` to the type or list it points to."""
    return {name: meta.target for name, info in model.model_fields.items() for meta in info.metadata if isinstance(meta, Ref)}
