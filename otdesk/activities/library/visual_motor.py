"""Visual-motor: eyes and hands together (cutting, drawing, crafts, pegs, beads, lacing)."""

from .types import Entry, text

VISUAL_MOTOR: list[Entry] = [
    Entry(
        key="cutting",
        areas=["visual_motor", "fine_motor"],
        places="cph",
        group="any",
        en=text(
            "Cutting practice",
            "child-size scissors, paper with thick lines",
            "Hold the scissors with the thumb on top. Hold the paper with the other hand. Cut "
            "along a thick line, moving the paper as you go.",
            "Cut short straight snips, or use loop scissors.",
            "Cut curves, zigzags, then shapes like a circle or a star.",
            "Use child-size scissors with round tips and sit while cutting.",
        ),
        es=text(
            "Practicar a recortar",
            "tijeras para niños, papel con líneas gruesas",
            "Tomen las tijeras con el pulgar arriba. Sostengan el papel con la otra mano. "
            "Recorten por una línea gruesa moviendo el papel al avanzar.",
            "Hagan cortes rectos cortos, o usen tijeras de asa.",
            "Recorten curvas, zigzags y luego figuras como un círculo o una estrella.",
            "Usen tijeras para niños de punta redonda y recorten sentados.",
        ),
    ),
    Entry(
        key="multi-step-craft",
        areas=["visual_motor", "fine_motor"],
        places="cph",
        group="small",
        en=text(
            "Multi-step craft",
            "paper, glue stick, crayons, scissors, a picture of the finished craft",
            "Make a simple craft with three to five steps: cut, color, glue and fold. Show a "
            "picture of each step and let your child follow them in order.",
            "Do one step at a time and do the cutting ahead.",
            "Add steps, or give the steps only in words.",
        ),
        es=text(
            "Manualidad de varios pasos",
            "papel, pegamento en barra, crayones, tijeras, una foto de la manualidad terminada",
            "Hagan una manualidad sencilla de tres a cinco pasos: recortar, colorear, pegar y "
            "doblar. Muestre una foto de cada paso y deje que su hijo los siga en orden.",
            "Hagan un paso a la vez y tengan el recorte ya hecho.",
            "Agreguen pasos, o den los pasos solo con palabras.",
        ),
    ),
    Entry(
        key="drawing",
        areas=["visual_motor"],
        places="cph",
        group="any",
        en=text(
            "Drawing and copying shapes",
            "paper, crayons or markers",
            "Draw lines, circles, crosses and squares, then simple pictures like a house or a "
            "face. You draw one, your child copies it next to yours.",
            "Trace over your shape first, or use a thick crayon.",
            "Copy a triangle or a diamond, or draw from memory.",
        ),
        es=text(
            "Dibujar y copiar figuras",
            "papel, crayones o marcadores",
            "Dibujen líneas, círculos, cruces y cuadrados, y después dibujos sencillos como una "
            "casa o una cara. Usted dibuja uno y su hijo lo copia al lado.",
            "Primero repasen su figura, o usen un crayón grueso.",
            "Copien un triángulo o un rombo, o dibujen de memoria.",
        ),
    ),
    Entry(
        key="peg-light-board",
        areas=["visual_motor", "fine_motor"],
        places="cp",
        group="individual",
        en=text(
            "Peg light board",
            "a peg light board (light-up pegboard) and a picture card",
            "Push small pegs into the board to copy a picture. Turn on the light to see the "
            "picture glow.",
            "Copy a short line of pegs of one color.",
            "Copy a bigger picture, or make your own design first and describe it.",
            "Small pegs: keep away from children who put things in their mouth.",
        ),
        es=text(
            "Tablero de luces con clavijas",
            "un tablero con clavijas que se iluminan y una tarjeta con un dibujo",
            "Pongan clavijas pequeñas en el tablero para copiar un dibujo. Enciendan la luz "
            "para ver el dibujo brillar.",
            "Copien una línea corta de clavijas de un solo color.",
            "Copien un dibujo más grande, o inventen un diseño y descríbanlo.",
            "Clavijas pequeñas: lejos de niños que se llevan cosas a la boca.",
        ),
    ),
    Entry(
        key="necklace",
        areas=["visual_motor", "fine_motor"],
        places="cph",
        group="small",
        en=text(
            "Make a necklace",
            "large beads or pasta tubes, a shoelace or a string with tape on the end",
            "Thread beads onto the string to make a necklace. Make a pattern: red, blue, red, "
            "blue.",
            "Use big beads and a stiff lace.",
            "Use small beads, copy a longer pattern, or tie the knot yourself.",
            "Cut the string so it cannot tighten around the neck; take it off to sleep.",
        ),
        es=text(
            "Hacer un collar",
            "cuentas grandes o macarrones, un cordón o un hilo con cinta en la punta",
            "Pasen las cuentas por el hilo para hacer un collar. Hagan un patrón: rojo, azul, "
            "rojo, azul.",
            "Usen cuentas grandes y un cordón duro.",
            "Usen cuentas pequeñas, copien un patrón más largo o hagan el nudo solos.",
            "Que el hilo no pueda apretar el cuello; quítenlo para dormir.",
        ),
    ),
    Entry(
        key="hammer-nails",
        areas=["visual_motor", "strengthening"],
        places="ph",
        group="individual",
        en=text(
            "Toy hammer and nails",
            "a toy hammer set with plastic nails, or golf tees in foam",
            "Hold the nail with one hand and tap it in with the toy hammer. Aim for the "
            "colored spots.",
            "Push the nail in a little first, so it stands up on its own.",
            "Tap a nail in a set number of taps, or hammer in a pattern.",
            "Use only toy hammers; keep fingers clear.",
        ),
        es=text(
            "Martillo y clavos de juguete",
            "un juego de martillo y clavos de plástico, o tees de golf en espuma",
            "Sostengan el clavo con una mano y clávenlo con el martillo de juguete. Apunten a "
            "los puntos de color.",
            "Empiecen clavando un poco el clavo para que se quede parado solo.",
            "Claven un clavo en un número fijo de golpes, o claven siguiendo un patrón.",
            "Usen solo martillos de juguete y cuiden los dedos.",
        ),
    ),
    Entry(
        key="lacing",
        areas=["visual_motor", "fine_motor"],
        places="cph",
        group="any",
        en=text(
            "Lacing cards",
            "lacing cards or cardboard with holes, a shoelace",
            "Push the lace down through one hole and up through the next, all around the card.",
            "Use a card with big holes far apart.",
            "Make a crisscross, or lace a real shoe.",
        ),
        es=text(
            "Tarjetas para enhebrar",
            "tarjetas para enhebrar o cartón con agujeros, un cordón",
            "Pasen el cordón hacia abajo por un agujero y hacia arriba por el siguiente, "
            "alrededor de toda la tarjeta.",
            "Usen una tarjeta con agujeros grandes y separados.",
            "Hagan un cruce en X o encordonen un zapato de verdad.",
        ),
    ),
]
