"""More a school OT would expect: handwriting, scissor skills, fasteners, keyboarding."""

from .types import Entry, text

SCHOOL: list[Entry] = [
    Entry(
        key="handwriting-letters",
        areas=["visual_motor", "fine_motor"],
        places="cph",
        group="any",
        en=text(
            "Letter formation practice",
            "lined paper, a pencil, a model of the letters",
            "Write a few letters the way the school teaches them: start at the top, stay on "
            "the lines. Say the steps aloud: 'big line down, little curve'.",
            "Trace letters first, or write them big in sand or shaving cream.",
            "Write a short word, then a sentence, with spaces between words.",
            "",
        ),
        es=text(
            "Practicar la forma de las letras",
            "papel con renglones, un lápiz, un modelo de las letras",
            "Escriban algunas letras como se enseñan en la escuela: empiecen arriba y quédense "
            "en las líneas. Digan los pasos en voz alta: 'línea grande hacia abajo, curva "
            "pequeña'.",
            "Primero repasen letras, o escríbanlas grandes en arena o espuma.",
            "Escriban una palabra corta y luego una oración, con espacios entre palabras.",
            "",
        ),
    ),
    Entry(
        key="scissor-ladder",
        areas=["fine_motor", "visual_motor"],
        places="cp",
        group="small",
        en=text(
            "Scissor skills ladder",
            "scissors, strips of card, paper with lines and shapes",
            "Work up the ladder: snip card strips, cut across a strip, cut a straight line, a "
            "curve, then a shape. Move up a step when the last one is easy.",
            "Stay on snipping strips of stiff card.",
            "Cut out a picture along its outline.",
        ),
        es=text(
            "Escalera de habilidades con tijeras",
            "tijeras, tiras de cartulina, papel con líneas y figuras",
            "Suban la escalera: corten puntitas de tiras de cartulina, corten una tira a lo "
            "ancho, una línea recta, una curva y luego una figura. Suban un escalón cuando el "
            "anterior sea fácil.",
            "Quédense cortando puntitas en tiras de cartulina dura.",
            "Recorten un dibujo siguiendo su contorno.",
        ),
    ),
    Entry(
        key="buttons",
        areas=["self_care", "fine_motor"],
        places="cph",
        group="individual",
        en=text(
            "Buttons practice",
            "a shirt or a button board with big buttons",
            "Push the button halfway through the hole, then pull it from the other side. "
            "Start with the shirt on the table, then while wearing it.",
            "Use big buttons and loose buttonholes; do the bottom button first.",
            "Do small buttons, or button a shirt while wearing it, top to bottom.",
        ),
        es=text(
            "Practicar los botones",
            "una camisa o un tablero con botones grandes",
            "Pasen el botón a medias por el ojal y luego jálenlo del otro lado. Empiecen con "
            "la camisa sobre la mesa y después puesta.",
            "Usen botones grandes y ojales flojos; empiecen por el botón de abajo.",
            "Abrochen botones pequeños, o una camisa puesta, de arriba a abajo.",
        ),
    ),
    Entry(
        key="zippers",
        areas=["self_care", "fine_motor"],
        places="cph",
        group="individual",
        en=text(
            "Zipping a coat",
            "a coat or a backpack with a zipper",
            "Hook the bottom of the zipper, hold it with one hand and pull the tab up with "
            "the other. Practice before recess and going home.",
            "You hook the bottom; your child pulls it up.",
            "Zip a smaller zipper, like a pencil case, or zip without looking.",
        ),
        es=text(
            "Subir el cierre del abrigo",
            "un abrigo o una mochila con cierre",
            "Enganchen la parte de abajo del cierre, sosténganla con una mano y suban la "
            "lengüeta con la otra. Practiquen antes del recreo y al ir a casa.",
            "Usted engancha la parte de abajo y su hijo lo sube.",
            "Suban un cierre más pequeño, como un estuche, o súbanlo sin mirar.",
        ),
    ),
    Entry(
        key="keyboarding",
        areas=["fine_motor", "visual_motor"],
        places="cph",
        group="individual",
        en=text(
            "Keyboarding",
            "a computer or tablet with a keyboard",
            "Put the fingers on the home row (A S D F and J K L ;). Type short words, using "
            "the finger closest to each key. A few minutes every day works best.",
            "Type with one finger of each hand, or type your name only.",
            "Type a sentence without looking at the keys.",
            "",
        ),
        es=text(
            "Escribir en el teclado",
            "una computadora o tableta con teclado",
            "Pongan los dedos en la fila guía (A S D F y J K L Ñ). Escriban palabras cortas "
            "con el dedo más cercano a cada tecla. Unos minutos cada día es lo mejor.",
            "Escriban con un dedo de cada mano, o solo su nombre.",
            "Escriban una oración sin mirar las teclas.",
            "",
        ),
    ),
]
