"""Manipulation and fine motor: small, exact finger movements (coins, tweezers, stickers)."""

from .types import Entry, text

FINE_MOTOR: list[Entry] = [
    Entry(
        key="coins-slot",
        areas=["fine_motor"],
        places="cph",
        group="individual",
        en=text(
            "Coins in a slot",
            "a piggy bank or a box with a slot, coins or buttons",
            "Pick up one coin at a time and push it through the slot. Try holding several "
            "coins in the hand and moving one at a time to the fingertips.",
            "Use big tokens and a wide slot.",
            "Hold five coins in the palm and post them one by one without dropping any.",
            "Coins and buttons are a choking risk for young children: stay close.",
        ),
        es=text(
            "Monedas en la alcancía",
            "una alcancía o una caja con ranura, monedas o botones",
            "Tomen una moneda a la vez y métanla por la ranura. Prueben a tener varias monedas "
            "en la mano y pasar una a la vez a la punta de los dedos.",
            "Usen fichas grandes y una ranura ancha.",
            "Tengan cinco monedas en la palma y métanlas una por una sin que se caiga ninguna.",
            "Las monedas y botones pueden causar atragantamiento: quédese cerca.",
        ),
    ),
    Entry(
        key="tweezers",
        areas=["fine_motor"],
        places="cph",
        group="any",
        en=text(
            "Tweezers and tongs sorting",
            "large plastic tweezers, small pompoms or beans, an egg carton",
            "Use the tweezers to pick up one item at a time and sort the items by color into "
            "the cups of an egg carton.",
            "Use tongs and bigger items.",
            "Use smaller tweezers and tiny items, or sort by two rules at once.",
            "Beans and small items go in the mouth easily: stay close.",
        ),
        es=text(
            "Clasificar con pinzas",
            "pinzas grandes de plástico, pompones pequeños o frijoles, un cartón de huevos",
            "Usen las pinzas para tomar una cosa a la vez y clasificarlas por color en los "
            "huecos de un cartón de huevos.",
            "Usen tenazas y cosas más grandes.",
            "Usen pinzas más pequeñas y cosas diminutas, o clasifiquen con dos reglas a la vez.",
            "Los frijoles y cosas pequeñas se meten fácil a la boca: quédese cerca.",
        ),
    ),
    Entry(
        key="stickers",
        areas=["fine_motor", "visual_motor"],
        places="cph",
        group="any",
        en=text(
            "Stickers on paper",
            "sheets of stickers, paper with circles or lines drawn on it",
            "Peel stickers off the sheet with the fingertips and put each one inside a circle "
            "or along a line.",
            "Peel the edge of each sticker first; use big stickers.",
            "Use small stickers and put them exactly on small dots.",
        ),
        es=text(
            "Pegar calcomanías",
            "hojas de calcomanías, papel con círculos o líneas dibujadas",
            "Despeguen las calcomanías con la punta de los dedos y pongan cada una dentro de un "
            "círculo o sobre una línea.",
            "Despeguen primero la orilla de cada calcomanía; usen calcomanías grandes.",
            "Usen calcomanías pequeñas y péguenlas justo sobre puntos pequeños.",
        ),
    ),
]
