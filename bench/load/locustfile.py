"""The load test's clients (locust, run by bench/load_test.py): each is a therapist's
script logging sessions and consultations through the API with an Idempotency-Key, and
sending a call again, with the same key, when the answer is lost or says busy (503) —
as a careful client does. Every answer is written to a file per client for the count
check: what was accepted, with which key, and the id it was given."""

import itertools
import json
import os
import random
import uuid
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

PLAN = json.loads(Path(os.environ["OTDESK_LOAD_PLAN"]).read_text())
OUT = Path(os.environ["OTDESK_LOAD_OUT"])
_numbers = itertools.count()


class Therapist(HttpUser):
    wait_time = between(0.05, 0.3)

    def on_start(self) -> None:
        self.number = next(_numbers)
        me = PLAN["therapists"][self.number % len(PLAN["therapists"])]
        self.token = me["token"]
        self.students = me["students"]  # [[student id, school id], ...]
        self.rng = random.Random(self.number)
        self.log = (OUT / f"client-{self.number}.jsonl").open("a", buffering=1)

    def on_stop(self) -> None:
        self.log.close()

    def _send(self, kind: str, path: str, body: dict[str, Any]) -> None:
        key = uuid.uuid4().hex
        headers = {"Authorization": f"Bearer {self.token}", "Idempotency-Key": key}
        # Sometimes the client does not hear the answer and sends the call again as it was.
        sends = 2 if self.rng.random() < 0.2 else 1
        for _ in range(5):
            # Written before sending: a call the run's end cuts off still has its key here.
            self.log.write(json.dumps({"kind": kind, "key": key, "status": 0, "id": None}) + "\n")
            with self.client.post(
                path, json=body, headers=headers, name=path, catch_response=True
            ) as answer:
                status = answer.status_code
                made = answer.json().get("id") if status == 201 else None
                if status in (201, 422, 503):
                    answer.success()  # 422 a refusal, 503 busy: not failures of the server
                self.log.write(
                    json.dumps({"kind": kind, "key": key, "status": status, "id": made}) + "\n"
                )
            if status == 503:
                continue  # busy: the same call again, the same key
            sends -= 1
            if sends == 0:
                break

    def _day_and_student(self) -> tuple[str, list[int]]:
        return self.rng.choice(PLAN["days"]), self.rng.choice(self.students)

    @task(3)
    def log_session(self) -> None:
        day, (student, school) = self._day_and_student()
        minute = self.rng.randrange(8 * 60, 15 * 60)
        self._send(
            "session",
            "/api/v1/sessions",
            {
                "date": day,
                "start": f"{minute // 60:02d}:{minute % 60:02d}",
                "minutes": self.rng.choice([20, 30, 45]),
                "session_type": "push_in",
                "location": "general_ed",
                "school_id": school,
                "students": [{"student_id": student}],
                "activities": "Load test",
            },
        )

    @task(1)
    def log_consultation(self) -> None:
        day, (student, _) = self._day_and_student()
        self._send(
            "consultation",
            "/api/v1/consultations",
            {
                "date": day,
                "minutes": 15,
                "with_whom": ["teacher"],
                "method": "in_person",
                "student_ids": [student],
                "discussed": "Load test",
            },
        )
