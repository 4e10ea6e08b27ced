"""Strengthening: hands and arms (magnets, clothespins, putty)."""

from .types import Entry, text

STRENGTHENING: list[Entry] = [
    Entry(
        key="magnet-building",
        areas=["strengthening", "visual_motor"],
        places="cph",
        group="small",
        en=text(
            "Build with magnets",
            "magnetic tiles or magnet blocks",
            "Build a tower, a house or a bridge. Press the pieces together and pull them apart "
            "with both hands. Talk about what you are building.",
            "Use bigger pieces and build flat on the table.",
            "Copy a picture of a model, or build standing up at a wall.",
            "Keep small magnets away from children who put things in their mouth.",
        ),
        es=text(
            "Construir con imanes",
            "fichas magnéticas o bloques con imanes",
            "Construyan una torre, una casa o un puente. Junten las piezas y sepárenlas con "
            "las dos manos. Hablen de lo que están construyendo.",
            "Usen piezas más grandes y construyan en plano sobre la mesa.",
            "Copien el dibujo de un modelo o construyan de pie contra una pared.",
            "Mantenga los imanes pequeños lejos de niños que se llevan cosas a la boca.",
        ),
    ),
    Entry(
        key="clothespins-tongs",
        areas=["strengthening", "fine_motor"],
        places="cph",
        group="any",
        en=text(
            "Clothespins and tongs",
            "clothespins, kitchen tongs, pompoms or cotton balls, a cup",
            "Clip clothespins around the rim of a cup, then take them off. Use tongs to move "
            "pompoms from one bowl to another. Use the thumb and first two fingers.",
            "Use looser clothespins and big pompoms.",
            "Use stiff clothespins, small items, or time how many you move in one minute.",
        ),
        es=text(
            "Pinzas de ropa y tenazas",
            "pinzas de ropa, tenazas de cocina, pompones o bolitas de algodón, un vaso",
            "Pongan pinzas de ropa alrededor del borde de un vaso y luego quítenlas. Usen las "
            "tenazas para pasar pompones de un plato a otro. Usen el pulgar y los dos primeros "
            "dedos.",
            "Usen pinzas más flojas y pompones grandes.",
            "Usen pinzas duras, cosas pequeñas, o cuenten cuántas pasan en un minuto.",
        ),
    ),
    Entry(
        key="putty-hide-find",
        areas=["strengthening", "fine_motor"],
        places="cph",
        group="individual",
        en=text(
            "Hide and find in therapy putty",
            "therapy putty or play dough, small beads or coins",
            "Hide small beads inside a ball of putty. Your child pulls, pinches and squeezes "
            "the putty to find every bead. Then hide them again for you to find.",
            "Use soft play dough and only three big beads.",
            "Use firmer putty, more beads, or find them with one hand only.",
            "Watch closely so small beads do not go in the mouth.",
        ),
        es=text(
            "Esconder y buscar en plastilina terapéutica",
            "plastilina terapéutica o masa de jugar, cuentas pequeñas o monedas",
            "Escondan cuentas pequeñas dentro de una bola de plastilina. Su hijo estira, pellizca "
            "y aprieta la plastilina para encontrar todas. Luego escóndanlas otra vez para "
            "que usted las busque.",
            "Usen masa blanda y solo tres cuentas grandes.",
            "Usen plastilina más dura, más cuentas, o búsquenlas con una sola mano.",
            "Vigile de cerca para que las cuentas no vayan a la boca.",
        ),
    ),
]
