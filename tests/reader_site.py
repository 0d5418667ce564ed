"""A small site for the readers' features: events of every kind, pictures made with Pillow, long lists."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from conftest import SITE_YAML

NOW = "2016-11-01"  # before the Rennes workshop and the cancelled meeting: both are upcoming


def picture(width: int, height: int, alpha: bool = False, shade: int = 0) -> bytes:
    """A real picture made here (JPEG, or PNG with transparency), with a few shapes to resize."""
    mode = "RGBA" if alpha else "RGB"
    image = Image.new(mode, (width, height), (250, 246, 239, 0) if alpha else (250, 246, 239))
    draw = ImageDraw.Draw(image)
    for step in range(0, min(width, height) // 2, max(4, min(width, height) // 12)):
        draw.rectangle(
            [step, step, width - step - 1, height - step - 1], outline=(154, 52 + shade, 18, 255)[: len(mode)], width=3
        )
    draw.ellipse([width // 3, height // 3, 2 * width // 3, 2 * height // 3], fill=(31, 27, 22, 200)[: len(mode)])
    buffer = io.BytesIO()
    image.save(buffer, "PNG" if alpha else "JPEG", quality=90)
    return buffer.getvalue()


READER_SITE: dict[str, str | bytes] = {
    "site.yaml": SITE_YAML + "page_size: 2\n",
    "content/partenaires/fing.yaml": """
        title: Fing
        url: https://fing.org/
    """,
    "content/rendez-vous/atelier-rennes.md": """
        ---
        title: "Atelier à Rennes : petits et grands"
        summary: "Un après-midi sur les écosystèmes ; qui est petit ?"
        start: 2016-12-15 14:00
        end: 2016-12-15 18:00
        venue: {name: La Mabilais, address: 2 rue de la Mabilais, city: Rennes}
        partners: [fing]
        tags: [atelier, écosystèmes]
        ---
        Un atelier sur l'écosystème des « petits » : qui décide ? Voir [la figure](../figures/eclairer.md).

        Le code `a : b` et l'adresse <https://fing.org/?a=1> restent tels quels.
    """,
    "content/rendez-vous/reunion-annulee.md": """
        ---
        title: Réunion annulée
        start: 2016-11-20
        cancelled: true
        tags: [atelier]
        ---
        Elle n'aura pas lieu.
    """,
    "content/rendez-vous/journee-creative.md": """
        ---
        title: Journée créative
        start: 2016-10-20
        venue: {city: Paris}
        tags: [atelier]
        ---
        Une journée entière.
    """,
    "content/rendez-vous/lancement.md": """
        ---
        title: Lancement
        start: 2016-06-01
        date_precision: month
        date_inferred: true
        ---
    """,
    "content/comptes-rendus/journee.md": """
        ---
        title: Ce que la journée a produit
        date: 2016-10-21
        event: journee-creative
        figures: [eclairer]
        ---
        Des figures et des histoires.
    """,
    "content/figures/eclairer.md": """
        ---
        title: Éclairer
        family: forces-du-petit
        definition: Rendre visible ce qui compte.
        tags: [ville]
        ---
        Éclairer, c'est montrer.
    """,
    "content/figures/proximite.md": """
        ---
        title: Proximité
        family: forces-du-petit
        definition: Être tout près.
        tags: [ville]
        ---
    """,
    "content/figures/essaimage.md": """
        ---
        title: Essaimage
        family: chemins-pour-les-petits
        definition: Se répliquer ailleurs.
        ---
    """,
    "content/imaginaires/contes.md": """
        ---
        title: Contes de fées
        summary: Le petit Poucet et les autres.
        kind: conte
        figures: [eclairer]
        images:
          - src: panneau-1.jpg
            alt: Un panneau orange à cadres concentriques autour d'un disque sombre
            caption: "Panneau 1 : la petite échelle"
          - src: Détail transparent.png
            alt: Le même motif, détouré
        tags: [ville]
        ---
        Il était une fois.
    """,
    "content/imaginaires/panneau-1.jpg": picture(2000, 1000),
    "content/imaginaires/Détail transparent.png": picture(600, 400, alpha=True),
    "content/imaginaires/mythes.md": """
        ---
        title: Mythes
        kind: conte
        ---
        Sans image.
    """,
    "content/micro-histoires/onu.md": """
        ---
        title: L'ONU des données
        status: complete
        event: journee-creative
        figures: [essaimage]
        tags: [atelier, ville]
        ---
        Une histoire.
    """,
    "content/micro-histoires/ville.md": """
        ---
        title: La ville dont le centre est partout
        status: a-continuer
        tags: [ville]
        ---
    """,
    "content/micro-histoires/femme-orchestre.md": """
        ---
        title: La femme-orchestre
        status: complete
        ---
    """,
    "content/pages/a-propos.md": """
        ---
        title: À propos
        ---
        Le cycle « Think Small ».
    """,
}
