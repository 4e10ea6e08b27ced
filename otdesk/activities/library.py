"""The activity library OT Desk ships with, in English and Spanish.

Written for OT Desk in plain words a parent or aide can follow. Plain data only: the data
migration that loads it reads these dicts, so they can change without touching models.
"""

from typing import TypedDict


class Text(TypedDict):
    name: str
    materials: str
    instructions: str
    easier: str
    harder: str
    safety: str


class Entry(TypedDict):
    key: str
    areas: list[str]
    places: str  # any of "c" (in class), "p" (pull-out), "h" (home)
    group: str
    en: Text
    es: Text


def _t(
    name: str, materials: str, instructions: str, easier: str, harder: str, safety: str = ""
) -> Text:
    return Text(
        name=name,
        materials=materials,
        instructions=instructions,
        easier=easier,
        harder=harder,
        safety=safety,
    )


LIBRARY: list[Entry] = [
    # Strengthening -----------------------------------------------------------------------
    Entry(
        key="magnet-building",
        areas=["strengthening", "visual_motor"],
        places="cph",
        group="small",
        en=_t(
            "Build with magnets",
            "magnetic tiles or magnet blocks",
            "Build a tower, a house or a bridge. Press the pieces together and pull them apart "
            "with both hands. Talk about what you are building.",
            "Use bigger pieces and build flat on the table.",
            "Copy a picture of a model, or build standing up at a wall.",
            "Keep small magnets away from children who put things in their mouth.",
        ),
        es=_t(
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
        en=_t(
            "Clothespins and tongs",
            "clothespins, kitchen tongs, pompoms or cotton balls, a cup",
            "Clip clothespins around the rim of a cup, then take them off. Use tongs to move "
            "pompoms from one bowl to another. Use the thumb and first two fingers.",
            "Use looser clothespins and big pompoms.",
            "Use stiff clothespins, small items, or time how many you move in one minute.",
        ),
        es=_t(
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
        en=_t(
            "Hide and find in therapy putty",
            "therapy putty or play dough, small beads or coins",
            "Hide small beads inside a ball of putty. Your child pulls, pinches and squeezes "
            "the putty to find every bead. Then hide them again for you to find.",
            "Use soft play dough and only three big beads.",
            "Use firmer putty, more beads, or find them with one hand only.",
            "Watch closely so small beads do not go in the mouth.",
        ),
        es=_t(
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
    # Visual-motor ------------------------------------------------------------------------
    Entry(
        key="cutting",
        areas=["visual_motor", "fine_motor"],
        places="cph",
        group="any",
        en=_t(
            "Cutting practice",
            "child-size scissors, paper with thick lines",
            "Hold the scissors with the thumb on top. Hold the paper with the other hand. Cut "
            "along a thick line, moving the paper as you go.",
            "Cut short straight snips, or use loop scissors.",
            "Cut curves, zigzags, then shapes like a circle or a star.",
            "Use child-size scissors with round tips and sit while cutting.",
        ),
        es=_t(
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
        en=_t(
            "Multi-step craft",
            "paper, glue stick, crayons, scissors, a picture of the finished craft",
            "Make a simple craft with three to five steps: cut, color, glue and fold. Show a "
            "picture of each step and let your child follow them in order.",
            "Do one step at a time and do the cutting ahead.",
            "Add steps, or give the steps only in words.",
        ),
        es=_t(
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
        en=_t(
            "Drawing and copying shapes",
            "paper, crayons or markers",
            "Draw lines, circles, crosses and squares, then simple pictures like a house or a "
            "face. You draw one, your child copies it next to yours.",
            "Trace over your shape first, or use a thick crayon.",
            "Copy a triangle or a diamond, or draw from memory.",
        ),
        es=_t(
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
        en=_t(
            "Peg light board",
            "a peg light board (light-up pegboard) and a picture card",
            "Push small pegs into the board to copy a picture. Turn on the light to see the "
            "picture glow.",
            "Copy a short line of pegs of one color.",
            "Copy a bigger picture, or make your own design first and describe it.",
            "Small pegs: keep away from children who put things in their mouth.",
        ),
        es=_t(
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
        en=_t(
            "Make a necklace",
            "large beads or pasta tubes, a shoelace or a string with tape on the end",
            "Thread beads onto the string to make a necklace. Make a pattern: red, blue, red, "
            "blue.",
            "Use big beads and a stiff lace.",
            "Use small beads, copy a longer pattern, or tie the knot yourself.",
            "Cut the string so it cannot tighten around the neck; take it off to sleep.",
        ),
        es=_t(
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
        en=_t(
            "Toy hammer and nails",
            "a toy hammer set with plastic nails, or golf tees in foam",
            "Hold the nail with one hand and tap it in with the toy hammer. Aim for the "
            "colored spots.",
            "Push the nail in a little first, so it stands up on its own.",
            "Tap a nail in a set number of taps, or hammer in a pattern.",
            "Use only toy hammers; keep fingers clear.",
        ),
        es=_t(
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
        en=_t(
            "Lacing cards",
            "lacing cards or cardboard with holes, a shoelace",
            "Push the lace down through one hole and up through the next, all around the card.",
            "Use a card with big holes far apart.",
            "Make a crisscross, or lace a real shoe.",
        ),
        es=_t(
            "Tarjetas para enhebrar",
            "tarjetas para enhebrar o cartón con agujeros, un cordón",
            "Pasen el cordón hacia abajo por un agujero y hacia arriba por el siguiente, "
            "alrededor de toda la tarjeta.",
            "Usen una tarjeta con agujeros grandes y separados.",
            "Hagan un cruce en X o encordonen un zapato de verdad.",
        ),
    ),
    # Manipulation / fine motor -----------------------------------------------------------
    Entry(
        key="coins-slot",
        areas=["fine_motor"],
        places="cph",
        group="individual",
        en=_t(
            "Coins in a slot",
            "a piggy bank or a box with a slot, coins or buttons",
            "Pick up one coin at a time and push it through the slot. Try holding several "
            "coins in the hand and moving one at a time to the fingertips.",
            "Use big tokens and a wide slot.",
            "Hold five coins in the palm and post them one by one without dropping any.",
            "Coins and buttons are a choking risk for young children: stay close.",
        ),
        es=_t(
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
        en=_t(
            "Tweezers and tongs sorting",
            "large plastic tweezers, small pompoms or beans, an egg carton",
            "Use the tweezers to pick up one item at a time and sort the items by color into "
            "the cups of an egg carton.",
            "Use tongs and bigger items.",
            "Use smaller tweezers and tiny items, or sort by two rules at once.",
            "Beans and small items go in the mouth easily: stay close.",
        ),
        es=_t(
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
        en=_t(
            "Stickers on paper",
            "sheets of stickers, paper with circles or lines drawn on it",
            "Peel stickers off the sheet with the fingertips and put each one inside a circle "
            "or along a line.",
            "Peel the edge of each sticker first; use big stickers.",
            "Use small stickers and put them exactly on small dots.",
        ),
        es=_t(
            "Pegar calcomanías",
            "hojas de calcomanías, papel con círculos o líneas dibujadas",
            "Despeguen las calcomanías con la punta de los dedos y pongan cada una dentro de un "
            "círculo o sobre una línea.",
            "Despeguen primero la orilla de cada calcomanía; usen calcomanías grandes.",
            "Usen calcomanías pequeñas y péguenlas justo sobre puntos pequeños.",
        ),
    ),
    # Posture -----------------------------------------------------------------------------
    Entry(
        key="seat-table-height",
        areas=["posture"],
        places="ch",
        group="any",
        en=_t(
            "Seat and table at the right height",
            "a chair, a table, a box or books for a footrest",
            "Your child sits with feet flat on the floor or on a box, knees bent at a right "
            "angle, and the table at elbow height. Check it before homework.",
            "Use a cushion behind the back and a box under the feet.",
            "Teach your child to check their own seat: feet flat, back against the chair.",
            "",
        ),
        es=_t(
            "Silla y mesa a la altura correcta",
            "una silla, una mesa, una caja o libros para apoyar los pies",
            "Su hijo se sienta con los pies planos en el piso o sobre una caja, las rodillas en "
            "ángulo recto y la mesa a la altura de los codos. Revísenlo antes de la tarea.",
            "Usen un cojín en la espalda y una caja bajo los pies.",
            "Enseñe a su hijo a revisar su propio asiento: pies planos, espalda en la silla.",
            "",
        ),
    ),
    Entry(
        key="standing-work",
        areas=["posture", "sensory"],
        places="ch",
        group="any",
        en=_t(
            "Standing to work",
            "a counter, an easel or a wall with paper taped to it",
            "Let your child stand to do some work: at a counter, at an easel or with paper "
            "taped to the wall. Standing gives the body a break from sitting.",
            "Stand for a short task only, like one page.",
            "Write or draw on paper taped to the wall at eye level.",
        ),
        es=_t(
            "Trabajar de pie",
            "una barra, un caballete o una pared con papel pegado",
            "Deje que su hijo haga parte del trabajo de pie: en una barra, en un caballete o con "
            "papel pegado en la pared. Estar de pie le da al cuerpo un descanso de estar sentado.",
            "Trabajen de pie solo en una tarea corta, como una página.",
            "Escriban o dibujen en papel pegado a la pared a la altura de los ojos.",
        ),
    ),
    Entry(
        key="therapy-ball",
        areas=["posture", "strengthening", "sensory"],
        places="ph",
        group="individual",
        en=_t(
            "Therapy ball sitting",
            "a therapy ball sized so the knees bend at a right angle",
            "Sit on the ball with feet flat and apart. Gently bounce, then hold still for a "
            "count of ten. Try reaching for a toy without falling off.",
            "Hold your child's hips, or put the ball against a wall.",
            "Lift one foot, or catch a soft ball while sitting.",
            "Stay within arm's reach; use the ball on a soft, clear floor.",
        ),
        es=_t(
            "Sentarse en una pelota de terapia",
            "una pelota de terapia del tamaño para que las rodillas queden en ángulo recto",
            "Siéntense en la pelota con los pies planos y separados. Reboten suave y luego "
            "quédense quietos contando hasta diez. Intenten alcanzar un juguete sin caerse.",
            "Sostenga las caderas de su hijo, o ponga la pelota contra una pared.",
            "Levanten un pie o atrapen una pelota suave estando sentados.",
            "Quédese al alcance de la mano; usen la pelota en un piso suave y despejado.",
        ),
    ),
    # Sensory -----------------------------------------------------------------------------
    Entry(
        key="playground",
        areas=["sensory", "strengthening"],
        places="ph",
        group="small",
        en=_t(
            "Playground climbing and swinging",
            "playground equipment",
            "Climb the ladder, hang from the bars, swing and slide. Heavy work and movement "
            "help many children feel calm and ready to learn.",
            "Stay on low equipment and hold hands.",
            "Hang for a count of ten, or climb across the monkey bars.",
            "An adult watches; follow the playground's age signs.",
        ),
        es=_t(
            "Trepar y columpiarse en el parque",
            "los juegos del parque",
            "Suban la escalera, cuélguense de las barras, columpien y deslícense. El trabajo "
            "pesado y el movimiento ayudan a muchos niños a sentirse tranquilos y listos para "
            "aprender.",
            "Quédense en juegos bajos y tomados de la mano.",
            "Cuélguense contando hasta diez o crucen el pasamanos.",
            "Un adulto vigila; sigan los letreros de edad del parque.",
        ),
    ),
    Entry(
        key="wall-push-ups",
        areas=["sensory", "strengthening"],
        places="cph",
        group="any",
        en=_t(
            "Wall push-ups",
            "a wall",
            "Stand an arm's length from the wall, hands flat on it at shoulder height. Bend "
            "the elbows to bring the nose toward the wall, then push back. Do ten.",
            "Stand closer to the wall and do five.",
            "Step further back, or do push-ups against a table.",
            "",
        ),
        es=_t(
            "Lagartijas en la pared",
            "una pared",
            "Párense a un brazo de distancia de la pared, con las manos planas a la altura de "
            "los hombros. Doblen los codos para acercar la nariz a la pared y luego empujen. "
            "Hagan diez.",
            "Párense más cerca de la pared y hagan cinco.",
            "Den un paso atrás, o hagan lagartijas apoyados en una mesa.",
            "",
        ),
    ),
    Entry(
        key="jumping-jacks",
        areas=["sensory"],
        places="cph",
        group="any",
        en=_t(
            "Jumping jacks",
            "space to jump",
            "Jump with the feet apart while the arms go up, then feet together with arms "
            "down. Count ten jumps together.",
            "Do only the arms, or only the feet, then put them together.",
            "Do twenty, or clap above the head on each jump.",
            "Clear the space; wear shoes or bare feet, not socks on a smooth floor.",
        ),
        es=_t(
            "Saltos de tijera",
            "espacio para saltar",
            "Salten abriendo los pies mientras suben los brazos, y luego pies juntos con los "
            "brazos abajo. Cuenten juntos diez saltos.",
            "Hagan solo los brazos o solo los pies, y luego junten los dos.",
            "Hagan veinte, o aplaudan arriba de la cabeza en cada salto.",
            "Despejen el espacio; con zapatos o descalzos, no con calcetines en piso liso.",
        ),
    ),
    Entry(
        key="animal-walks",
        areas=["sensory", "strengthening"],
        places="cph",
        group="any",
        en=_t(
            "Animal walks",
            "a hallway or open floor",
            "Walk like animals across the room: bear walk on hands and feet, crab walk with "
            "the tummy up, frog jumps and bunny hops.",
            "Do a short distance, or only bear walks.",
            "Race a timer, or carry a bean bag on the tummy during the crab walk.",
            "Clear the space of toys and sharp corners.",
        ),
        es=_t(
            "Caminar como animales",
            "un pasillo o piso despejado",
            "Crucen el cuarto caminando como animales: oso en manos y pies, cangrejo con la "
            "panza hacia arriba, saltos de rana y de conejo.",
            "Hagan una distancia corta, o solo el oso.",
            "Compitan contra un reloj, o lleven una bolsita en la panza al caminar como cangrejo.",
            "Quiten juguetes y esquinas filosas del camino.",
        ),
    ),
    # More a school OT would expect -------------------------------------------------------
    Entry(
        key="handwriting-letters",
        areas=["visual_motor", "fine_motor"],
        places="cph",
        group="any",
        en=_t(
            "Letter formation practice",
            "lined paper, a pencil, a model of the letters",
            "Write a few letters the way the school teaches them: start at the top, stay on "
            "the lines. Say the steps aloud: 'big line down, little curve'.",
            "Trace letters first, or write them big in sand or shaving cream.",
            "Write a short word, then a sentence, with spaces between words.",
            "",
        ),
        es=_t(
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
        en=_t(
            "Scissor skills ladder",
            "scissors, strips of card, paper with lines and shapes",
            "Work up the ladder: snip card strips, cut across a strip, cut a straight line, a "
            "curve, then a shape. Move up a step when the last one is easy.",
            "Stay on snipping strips of stiff card.",
            "Cut out a picture along its outline.",
        ),
        es=_t(
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
        en=_t(
            "Buttons practice",
            "a shirt or a button board with big buttons",
            "Push the button halfway through the hole, then pull it from the other side. "
            "Start with the shirt on the table, then while wearing it.",
            "Use big buttons and loose buttonholes; do the bottom button first.",
            "Do small buttons, or button a shirt while wearing it, top to bottom.",
        ),
        es=_t(
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
        en=_t(
            "Zipping a coat",
            "a coat or a backpack with a zipper",
            "Hook the bottom of the zipper, hold it with one hand and pull the tab up with "
            "the other. Practice before recess and going home.",
            "You hook the bottom; your child pulls it up.",
            "Zip a smaller zipper, like a pencil case, or zip without looking.",
        ),
        es=_t(
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
        en=_t(
            "Keyboarding",
            "a computer or tablet with a keyboard",
            "Put the fingers on the home row (A S D F and J K L ;). Type short words, using "
            "the finger closest to each key. A few minutes every day works best.",
            "Type with one finger of each hand, or type your name only.",
            "Type a sentence without looking at the keys.",
            "",
        ),
        es=_t(
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
