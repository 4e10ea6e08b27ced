"""Sensory and movement: heavy work, playground and whole-body activities."""

from .types import Entry, text

SENSORY: list[Entry] = [
    Entry(
        key="playground",
        areas=["sensory", "strengthening"],
        places="ph",
        group="small",
        en=text(
            "Playground climbing and swinging",
            "playground equipment",
            "Climb the ladder, hang from the bars, swing and slide. Heavy work and movement "
            "help many children feel calm and ready to learn.",
            "Stay on low equipment and hold hands.",
            "Hang for a count of ten, or climb across the monkey bars.",
            "An adult watches; follow the playground's age signs.",
        ),
        es=text(
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
        en=text(
            "Wall push-ups",
            "a wall",
            "Stand an arm's length from the wall, hands flat on it at shoulder height. Bend "
            "the elbows to bring the nose toward the wall, then push back. Do ten.",
            "Stand closer to the wall and do five.",
            "Step further back, or do push-ups against a table.",
            "",
        ),
        es=text(
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
        en=text(
            "Jumping jacks",
            "space to jump",
            "Jump with the feet apart while the arms go up, then feet together with arms "
            "down. Count ten jumps together.",
            "Do only the arms, or only the feet, then put them together.",
            "Do twenty, or clap above the head on each jump.",
            "Clear the space; wear shoes or bare feet, not socks on a smooth floor.",
        ),
        es=text(
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
        en=text(
            "Animal walks",
            "a hallway or open floor",
            "Walk like animals across the room: bear walk on hands and feet, crab walk with "
            "the tummy up, frog jumps and bunny hops.",
            "Do a short distance, or only bear walks.",
            "Race a timer, or carry a bean bag on the tummy during the crab walk.",
            "Clear the space of toys and sharp corners.",
        ),
        es=text(
            "Caminar como animales",
            "un pasillo o piso despejado",
            "Crucen el cuarto caminando como animales: oso en manos y pies, cangrejo con la "
            "panza hacia arriba, saltos de rana y de conejo.",
            "Hagan una distancia corta, o solo el oso.",
            "Compitan contra un reloj, o lleven una bolsita en la panza al caminar como cangrejo.",
            "Quiten juguetes y esquinas filosas del camino.",
        ),
    ),
]
