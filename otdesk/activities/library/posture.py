"""Posture: seating, standing work and the therapy ball."""

from .types import Entry, text

POSTURE: list[Entry] = [
    Entry(
        key="seat-table-height",
        areas=["posture"],
        places="ch",
        group="any",
        en=text(
            "Seat and table at the right height",
            "a chair, a table, a box or books for a footrest",
            "Your child sits with feet flat on the floor or on a box, knees bent at a right "
            "angle, and the table at elbow height. Check it before homework.",
            "Use a cushion behind the back and a box under the feet.",
            "Teach your child to check their own seat: feet flat, back against the chair.",
            "",
        ),
        es=text(
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
        en=text(
            "Standing to work",
            "a counter, an easel or a wall with paper taped to it",
            "Let your child stand to do some work: at a counter, at an easel or with paper "
            "taped to the wall. Standing gives the body a break from sitting.",
            "Stand for a short task only, like one page.",
            "Write or draw on paper taped to the wall at eye level.",
        ),
        es=text(
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
        en=text(
            "Therapy ball sitting",
            "a therapy ball sized so the knees bend at a right angle",
            "Sit on the ball with feet flat and apart. Gently bounce, then hold still for a "
            "count of ten. Try reaching for a toy without falling off.",
            "Hold your child's hips, or put the ball against a wall.",
            "Lift one foot, or catch a soft ball while sitting.",
            "Stay within arm's reach; use the ball on a soft, clear floor.",
        ),
        es=text(
            "Sentarse en una pelota de terapia",
            "una pelota de terapia del tamaño para que las rodillas queden en ángulo recto",
            "Siéntense en la pelota con los pies planos y separados. Reboten suave y luego "
            "quédense quietos contando hasta diez. Intenten alcanzar un juguete sin caerse.",
            "Sostenga las caderas de su hijo, o ponga la pelota contra una pared.",
            "Levanten un pie o atrapen una pelota suave estando sentados.",
            "Quédese al alcance de la mano; usen la pelota en un piso suave y despejado.",
        ),
    ),
]
