import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from otdesk.jobs.models import Job
from otdesk.schools.models import District, School, Weekday


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A private iCalendar subscription URL; revoking it makes the old URL stop working."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Calendar feed of {self.person}"


class FixedTime(models.Model):
    """A meeting or protected professional time the schedule builder must keep free.

    Weekly when no date is given (e.g. documentation every Friday 14:00); a one-off when
    dated (e.g. an IEP meeting), which the calendar and the make-up planner respect."""

    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting"
        PROTECTED = "protected", "Protected professional time"

    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fixed_times"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.MEETING)
    title = models.CharField(max_length=80, help_text="e.g. 'IEP meeting' or 'Documentation'.")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start = models.TimeField()
    end = models.TimeField()
    date = models.DateField(
        null=True, blank=True, help_text="Only on this date; blank for every week."
    )
    school = models.ForeignKey(
        School,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where it happens, if at a school (travel time counts).",
    )

    class Meta:
        ordering = ["date", "weekday", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="fixed_time_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.start:%H:%M}–{self.end:%H:%M}"

    def clean(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "It must end after it starts."})
        if self.date and self.weekday is not None and self.date.weekday() != self.weekday:
            raise ValidationError({"date": "That date is not on the weekday chosen."})


class ScheduleSettings(models.Model):
    """A therapist's group rules and how much each preference weighs (0 to 10)."""

    provider = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="schedule_settings"
    )
    grade_band = models.PositiveSmallIntegerField(
        default=1, help_text="Students in one group are at most this many grades apart."
    )
    shared_goal_area = models.BooleanField(
        default=True, help_text="Group only students whose goals share a skill area."
    )
    max_group_size = models.PositiveSmallIntegerField(
        default=4, help_text="Never more students in a group, whatever the IEPs allow."
    )
    weight_goal_block = models.PositiveSmallIntegerField(
        "push-in in a block that matches the goals", default=5
    )
    weight_fewer_switches = models.PositiveSmallIntegerField(
        "fewer school switches a day", default=5
    )
    weight_even_spread = models.PositiveSmallIntegerField(
        "an even spread across the week", default=3
    )
    weight_groups = models.PositiveSmallIntegerField("groups where allowed", default=3)

    WEIGHTS = ("weight_goal_block", "weight_fewer_switches", "weight_even_spread", "weight_groups")

    class Meta:
        verbose_name_plural = "schedule settings"

    def __str__(self) -> str:
        return f"Schedule settings of {self.provider}"

    def clean(self) -> None:
        errors = {}
        if self.grade_band is not None and self.grade_band > 12:
            errors["grade_band"] = "Use a band from 0 to 12 grades."
        if self.max_group_size is not None and not 1 <= self.max_group_size <= 8:
            errors["max_group_size"] = "A group has from 1 to 8 students."
        for name in self.WEIGHTS:
            value = getattr(self, name)
            if value is not None and value > 10:
                errors[name] = "Weights go from 0 (ignore) to 10 (matters most)."
        if errors:
            raise ValidationError(errors)


class PlanRun(models.Model):
    """A coordinator's run that proposes a weekly plan for every therapist of the district."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="plan_runs")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds_per_plan = models.PositiveSmallIntegerField(default=10)
    # The task-queue job that makes the plans (otdesk/jobs); none for runs made before.
    job = models.OneToOneField(
        Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_run"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Plan run {self.pk} for {self.district}"


class PlanRunItem(models.Model):
    """One therapist's plan within a district run, with its progress and its result."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting"
        RUNNING = "running", "Working"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    run = models.ForeignKey(PlanRun, on_delete=models.CASCADE, related_name="items")
    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_run_items"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    # The job (a share of the run, on some worker) making this plan: a share started again
    # after its worker died puts back its own half-made plans, never another share's.
    claimed_by = models.BigIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    placed_minutes = models.PositiveIntegerField(default=0)
    total_minutes = models.PositiveIntegerField(default=0)
    placements = models.JSONField(default=list, blank=True)
    explanations = models.JSONField(default=list, blank=True)
    message = models.CharField(max_length=300, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "provider__last_name", "provider__first_name"]

    def __str__(self) -> str:
        return f"{self.provider} in {self.run}"


class PlanProposal(models.Model):
    """The weekly plan the generator made for a therapist, kept as it was made until it is
    used or dropped: loading the page again shows the same plan."""

    provider = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_proposal"
    )
    created_at = models.DateTimeField()
    fingerprint = models.CharField(
        max_length=64, help_text="A digest of everything the plan was made from."
    )
    placements = models.JSONField(default=list, blank=True)
    explanations = models.JSONField(default=list, blank=True)
    placed_minutes = models.PositiveIntegerField(default=0)
    total_minutes = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=80, blank=True)
    gap = models.FloatField(null=True, blank=True)
    seconds = models.FloatField(default=0)
    clock_stopped = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Proposed weekly plan of {self.provider}"
