"""The insights dashboard: series the GUI charts (Qt Charts) and the numbers beside them.

Persistence is what builds a network, so the dashboard counts rhythm (conversations per week,
streaks of active weeks), reach (people contacted lately against people overdue), new
relationships per month and where work comes from. Weeks are ISO weeks (Monday first) and
months calendar months, in the user's local time; "now" is the injected clock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from netjournal.services.base import Clock, Service
from netjournal.services.changes import ChangeHub
from netjournal.services.reminders import ReminderService
from netjournal.services.work_sources import SourceShare, WorkSourceService
from netjournal.storage.fields import parse_utc_text, utc_text
from netjournal.storage.models import Contact, Conversation

WEEKS = 52
MONTHS = 12
STREAK_MINIMUM = 2  # conversations in a week for it to count towards a streak


@dataclass(frozen=True, slots=True)
class WeekCount:
    """Conversations in one ISO week."""

    week_start: date  # its Monday
    iso_year: int
    iso_week: int
    conversations: int


@dataclass(frozen=True, slots=True)
class Streak:
    """Runs of consecutive weeks with at least ``minimum`` conversations."""

    minimum: int
    current: int  # weeks, up to this week (or last week, while this one is still short)
    longest: int  # weeks, over the whole journal
    longest_from: date | None  # Monday of the longest run's first week
    this_week: int  # conversations so far this week


@dataclass(frozen=True, slots=True)
class MonthCount:
    """New relationships in one calendar month."""

    month: date  # its first day
    count: int


@dataclass(frozen=True, slots=True)
class Reach:
    """How widely I have kept in touch, against who is waiting."""

    contacted_30_days: int  # active people I spoke with in the last 30 days
    contacted_90_days: int
    overdue_people: int  # past their keep-in-touch rhythm today
    overdue_follow_ups: int


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Every series and figure of the insights view, as of ``today``."""

    today: date
    weekly_conversations: tuple[WeekCount, ...]  # oldest first, zero-filled, this week last
    streak: Streak
    reach: Reach
    new_relationships: tuple[MonthCount, ...]  # oldest first, zero-filled, this month last
    sources: tuple[SourceShare, ...]  # won and all opportunities by source


def monday(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def _add_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def streaks(weekly: dict[date, int], this_week: date, minimum: int) -> Streak:
    """Current and longest runs of consecutive weeks (by Monday) with ``minimum`` conversations.

    The current run may end last week: a week still under way does not break it yet.
    """
    active = {week for week, count in weekly.items() if count >= minimum}
    start = this_week if this_week in active else this_week - timedelta(weeks=1)
    current = 0
    while start - timedelta(weeks=current) in active:
        current += 1
    longest, longest_from = 0, None
    for week in sorted(active):
        if week - timedelta(weeks=1) in active:
            continue  # not the first week of a run
        length = 1
        while week + timedelta(weeks=length) in active:
            length += 1
        if length > longest:
            longest, longest_from = length, week
    return Streak(
        minimum=minimum,
        current=current,
        longest=longest,
        longest_from=longest_from,
        this_week=weekly.get(this_week, 0),
    )


def _per_week(days: Iterable[tuple[str, int]]) -> dict[date, int]:
    weekly: dict[date, int] = defaultdict(int)
    for day, count in days:
        weekly[monday(date.fromisoformat(day))] += int(count)
    return weekly


def _utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, UTC)


def _offset_minutes(moment: datetime) -> int:
    """The local time zone's offset from UTC at ``moment``, in minutes."""
    offset = moment.astimezone().utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def local_offsets(start: datetime, end: datetime) -> list[tuple[datetime, int]]:
    """(from, offset in minutes) for each stretch of [start, end] with one local UTC offset.

    Daylight saving changes the offset a couple of times a year: the day of each change is
    found by stepping a day at a time, its minute by bisection.
    """
    moment = start.astimezone(UTC).replace(second=0, microsecond=0)
    periods = [(moment, _offset_minutes(moment))]
    while moment < end:
        following = moment + timedelta(days=1)
        current = periods[-1][1]
        if _offset_minutes(following) != current:
            low, high = 0, 24 * 60  # offset unchanged at low minutes, changed at high
            while high - low > 1:
                middle = (low + high) // 2
                if _offset_minutes(moment + timedelta(minutes=middle)) == current:
                    low = middle
                else:
                    high = middle
            change = moment + timedelta(minutes=high)
            periods.append((change, _offset_minutes(change)))
        moment = following
    return periods


def local_date_sql(column: str, start: datetime, end: datetime) -> tuple[str, list[str]]:
    """SQL for the local date of a stored UTC ``column``, exact for times in [start, end].

    SQLite's own ``'localtime'`` modifier asks the C library for every row (about 2 µs each,
    0.2 s over 100k conversations); fixed offsets per daylight-saving period are arithmetic.
    Times outside the range get the nearest period's offset, off by at most a day.
    """
    periods = local_offsets(start, end)
    params: list[str] = []
    cases = []
    for since, offset in reversed(periods[1:]):
        cases.append(f"WHEN {column} >= ? THEN ?")
        params += [utc_text(since), f"{offset:+d} minutes"]
    params.append(f"{periods[0][1]:+d} minutes")
    if not cases:
        return f"date({column}, ?)", params
    return f"date({column}, CASE {' '.join(cases)} ELSE ? END)", params


def _week_series(weekly: dict[date, int], first: date, weeks: int) -> list[WeekCount]:
    series = []
    for index in range(weeks):
        week = first + timedelta(weeks=index)
        iso = week.isocalendar()
        series.append(WeekCount(week, iso.year, iso.week, weekly.get(week, 0)))
    return series


class InsightsService(Service):
    """Read-only series for the insights dashboard."""

    def __init__(
        self, hub: ChangeHub, clock: Clock, reminders: ReminderService, work: WorkSourceService
    ) -> None:
        super().__init__(hub, clock)
        self._reminders = reminders
        self._work = work

    @staticmethod
    def _conversations_per_day(since: date | None = None) -> list[tuple[str, int]]:
        """(local date, conversations) for each day with any, from ``since`` on."""
        db = Conversation._meta.database
        # A day's margin on the indexed UTC column covers every time zone; the exact cut is
        # made on local dates below.
        floor = utc_text(_utc_midnight(since - timedelta(days=1))) if since else ""
        first, last = db.execute_sql(
            "SELECT min(occurred_at), max(occurred_at) FROM conversation WHERE occurred_at >= ?", (floor,)
        ).fetchone()
        if first is None:
            return []
        day, params = local_date_sql("occurred_at", parse_utc_text(first), parse_utc_text(last))
        rows = db.execute_sql(
            f"SELECT {day} AS day, count(*) FROM conversation WHERE occurred_at >= ? GROUP BY day",
            (*params, floor),
        )
        return [(day, int(n)) for day, n in rows if since is None or day >= since.isoformat()]

    def conversations_per_week(self, weeks: int = WEEKS) -> list[WeekCount]:
        """Conversations per ISO week for the last ``weeks`` weeks, this week last, zero-filled."""
        this_week = monday(self.today())
        first = this_week - timedelta(weeks=weeks - 1)
        return _week_series(_per_week(self._conversations_per_day(first)), first, weeks)

    def streak(self, minimum: int = STREAK_MINIMUM) -> Streak:
        """Current and longest streaks of weeks with at least ``minimum`` conversations."""
        weekly = _per_week(self._conversations_per_day())
        return streaks(weekly, monday(self.today()), max(1, minimum))

    def reach(self) -> Reach:
        """People contacted in the last 30 and 90 days, and who is overdue now."""
        now = self.now()
        active = Contact.select().where(Contact.archived == False)  # noqa: E712
        due = self._reminders.due()
        return Reach(
            contacted_30_days=active.where(
                Contact.last_contact_at >= utc_text(now - timedelta(days=30))
            ).count(),
            contacted_90_days=active.where(
                Contact.last_contact_at >= utc_text(now - timedelta(days=90))
            ).count(),
            overdue_people=len(due.overdue_contacts),
            overdue_follow_ups=len(due.overdue_follow_ups),
        )

    def new_relationships(self, months: int = MONTHS) -> list[MonthCount]:
        """Contacts met (or, without a date met, added) per month; this month last, zero-filled."""
        today = self.today()
        first = _add_months(today.replace(day=1), -(months - 1))
        added, params = local_date_sql(
            "created_at", _utc_midnight(first - timedelta(days=1)), self.now() + timedelta(days=1)
        )
        counts = dict(
            Contact._meta.database.execute_sql(
                f"SELECT substr(began, 1, 7) AS month, count(*) FROM "
                f"(SELECT coalesce(met_on, {added}) AS began FROM contact) "
                "WHERE began >= ? AND began <= ? GROUP BY month",
                (*params, first.isoformat(), today.isoformat()),
            ).fetchall()
        )
        result = []
        for index in range(months):
            start = _add_months(first, index)
            result.append(MonthCount(start, int(counts.get(start.isoformat()[:7], 0))))
        return result

    def dashboard(
        self, *, weeks: int = WEEKS, months: int = MONTHS, streak_minimum: int = STREAK_MINIMUM
    ) -> Dashboard:
        """Every series of the insights view at once (the conversation history is read once)."""
        today = self.today()
        this_week = monday(today)
        weekly = _per_week(self._conversations_per_day())
        return Dashboard(
            today=today,
            weekly_conversations=tuple(_week_series(weekly, this_week - timedelta(weeks=weeks - 1), weeks)),
            streak=streaks(weekly, this_week, max(1, streak_minimum)),
            reach=self.reach(),
            new_relationships=tuple(self.new_relationships(months)),
            sources=tuple(self._work.sources()),
        )
