"""The catalogue as typed, frozen dataclasses; references are ids resolved by the Catalogue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from ..core.problems import Pos

FactStatus = Literal["verified", "stated", "unverified"]
Status = Literal["active", "ended", "planned", "unknown"]
"""Whether a service or pathway runs today; the codes and labels are codes.SERVICE_STATUSES."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Review:
    """When an entity was last checked, when it is due again, and who owns it."""

    last_reviewed: str
    next_review: str
    owner: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Facts:
    """Governance shared by every factual entity."""

    sources: tuple[str, ...] = ()
    fact_status: FactStatus | None = None
    review: Review | None = None


Phase = Literal["current", "coming", "ended"]
"""Where a day falls against a span: inside it, before it starts, or after it ended."""


def as_date(value: str | None) -> dt.date | None:
    """An ISO date (YYYY-MM-DD) as a date; None for anything else."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """The days a fact holds: from valid_from to valid_until, both included; open ends hold on."""

    valid_from: str | None = None
    valid_until: str | None = None
    sources: tuple[str, ...] = ()
    until_notice: bool = False
    """Carried on with no source for how long: 'gælder indtil andet er meldt ud'."""

    @property
    def start(self) -> dt.date | None:
        """The first day, or None when it has always held."""
        return as_date(self.valid_from)

    @property
    def end(self) -> dt.date | None:
        """The last day, or None when nothing says it ends."""
        return as_date(self.valid_until)

    @property
    def bounded(self) -> bool:
        """Whether the span has a start or an end at all."""
        return bool(self.valid_from or self.valid_until)

    def phase(self, day: dt.date) -> Phase:
        """Whether the fact holds on day, is still to come, or has ended."""
        if self.start and day < self.start:
            return "coming"
        if self.end and day > self.end:
            return "ended"
        return "current"

    def holds(self, day: dt.date) -> bool:
        """Whether the fact holds on day."""
        return self.phase(day) == "current"

    def overlaps(self, other: Span) -> bool:
        """Whether the two spans share at least one day."""
        lo = max(self.start or dt.date.min, other.start or dt.date.min)
        hi = min(self.end or dt.date.max, other.end or dt.date.max)
        return lo <= hi


ALWAYS = Span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Membership:
    """A place lying in another (a kommune in a region, cluster or sundhedsråd) for a span."""

    place: str
    pos: Pos
    span: Span = ALWAYS


@dataclass(frozen=True, slots=True, kw_only=True)
class Lifecycle:
    """Whether a service or pathway runs today, as of a date, and the sources that say so."""

    status: Status | None = None  # None: not recorded (validate warns)
    as_of: str | None = None
    sources: tuple[str, ...] = ()
    ended: str | None = None  # when it ended: a year or a date

    @property
    def current(self) -> bool:
        """Whether it may be offered as help today: not ended and not merely planned."""
        return self.status not in ("ended", "planned")


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A document or web page that facts come from."""

    id: str
    pos: Pos
    title: str
    publisher: str | None = None
    date: str | None = None
    accessed: str | None = None
    url: str | None = None
    seed: str | None = None
    note: str | None = None

    @property
    def kind(self) -> str:
        """'source' for every source."""
        return "source"


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A region, a cluster (sundhedsklynge) or a kommune."""

    id: str
    pos: Pos
    name: str
    type: Literal["region", "cluster", "kommune"]
    facts: Facts
    part_of: tuple[Membership, ...] = ()
    """The places it lies in, each for a span (a kommune moves region on a date)."""
    members: tuple[Membership, ...] = ()
    """For a cluster or sundhedsråd: its kommuner, each for a span."""
    members_fact_status: FactStatus | None = None
    description: str | None = None
    code: str | None = None
    """A kommune's kommunekode (Danmarks Statistik / LAU), e.g. '851' for Aalborg."""
    contacts: tuple[Contact, ...] = ()
    """The kommune's own website and main phone, each with its sources."""
    span: Span = ALWAYS

    @property
    def kind(self) -> str:
        """The place type doubles as the kind."""
        return self.type

    @property
    def member_ids(self) -> tuple[str, ...]:
        """The ids of its members on any day, once each, sorted."""
        return tuple(sorted({m.place for m in self.members}))

    @property
    def part_of_ids(self) -> tuple[str, ...]:
        """The ids of the places it lies in on any day, once each, sorted."""
        return tuple(sorted({m.place for m in self.part_of}))


@dataclass(frozen=True, slots=True, kw_only=True)
class Organisation:
    """A body that provides services: BUC, a kommune's PPR, Børns Vilkår …"""

    id: str
    pos: Pos
    name: str
    sector: str
    facts: Facts
    short_name: str | None = None
    place: str | None = None
    url: str | None = None
    description: str | None = None
    span: Span = ALWAYS
    kind: str = field(default="organisation", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact:
    """A way to get in touch: phone, SMS, chat, web, e-mail or address."""

    type: str
    value: str
    pos: Pos
    label: str | None = None
    hours: str | None = None
    area: str | None = None
    sources: tuple[str, ...] = ()
    fact_status: FactStatus | None = None
    span: Span = ALWAYS
    service: str | None = None  # the service this contact is the way into (a kommune's PPR)
    entry: str | None = None  # which of a kommune's entry points it is (codes.ENTRY_POINTS)


@dataclass(frozen=True, slots=True, kw_only=True)
class Coverage:
    """Whether a place offers a service, as of a date."""

    place: str
    status: Literal["offered", "planned", "unknown", "not-offered"]
    as_of: str
    pos: Pos
    note: str | None = None
    sources: tuple[str, ...] = ()
    fact_status: FactStatus | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Service:
    """A service a family can be helped by (HSDS-named fields)."""

    id: str
    pos: Pos
    name: str
    facts: Facts
    short_name: str | None = None
    organisations: tuple[str, ...] = ()
    sector: str | None = None
    summary: str | None = None
    description: str | None = None
    application_process: str | None = None
    ask_for: str | None = None  # what to ask for when calling the kommune's main number
    eligibility_description: str | None = None
    exclusion_description: str | None = None
    after: str | None = None
    for_young: str | None = None  # what it is, said to a young person ("du"): the /ung/ page
    # a national line a family can call or write to right away: what it is for, in one plain
    # phrase for parents; /find/ shows these lines when no kommune is chosen
    parent_line: str | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None
    lifecycle: Lifecycle = Lifecycle()
    self_referral: bool | None = None
    referral_required: bool | None = None
    referred_by: tuple[str, ...] = ()
    cost: str = "unknown"
    fees_description: str | None = None
    legal_basis: str | None = None
    required_by_law: bool = False
    url: str | None = None
    urgent: bool = False
    audience: str | None = None
    starting_point: bool = True
    contacts: tuple[Contact, ...] = ()
    concerns: tuple[str, ...] = ()
    risk_groups: tuple[str, ...] = ()
    part_of: str | None = None
    area_served: tuple[str, ...] = ()
    coverage: tuple[Coverage, ...] = ()
    coverage_note: str | None = None
    span: Span = ALWAYS
    kind: str = field(default="service", init=False)

    @property
    def status(self) -> str | None:
        """The HSDS-style status (active, ended, planned, unknown); None if not recorded."""
        return self.lifecycle.status


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleNote:
    """One thing a professional should know or do: an action or a legal duty, with sources."""

    text: str
    pos: Pos
    title: str | None = None
    legal_basis: str | None = None
    sources: tuple[str, ...] = ()
    fact_status: FactStatus | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Role:
    """A person's role around the child, in one sector."""

    id: str
    pos: Pos
    name: str
    sector: str
    facts: Facts
    organisation: str | None = None
    summary: str | None = None
    description: str | None = None
    professional: str | None = None  # written to the professional ("du"), not to parents
    when_worried: tuple[RoleNote, ...] = ()
    duties: tuple[RoleNote, ...] = ()
    kind: str = field(default="role", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class DangerLanguage:
    """The words danger is recognised in (danger.yaml): spellings, long words, classes, guards."""

    spelling: tuple[tuple[str, str], ...] = ()  # informal word → plain word(s)
    lexicon: tuple[str, ...] = ()  # long danger words, repaired when split or misspelt
    classes: tuple[tuple[str, str], ...] = ()  # class name → regex for one folded word
    guards: tuple[str, ...] = ()  # look-alike patterns blanked before cues are read
    order: tuple[str, ...] = ()  # urgent concerns in the order their card sections come
    when_in_danger: tuple[
        RoleNote, ...
    ] = ()  # what every professional does when a child is in danger now
    pos: Pos = Pos("?")


@dataclass(frozen=True, slots=True, kw_only=True)
class Concern:
    """A worry, as a SKOS concept with the words parents use."""

    id: str
    pos: Pos
    label: str
    facts: Facts
    synonyms: tuple[str, ...] = ()
    broader: str | None = None
    definition: str | None = None
    notation: str | None = None
    parent_label: str | None = None
    urgent: bool = False  # a warning sign: matching it puts "Få hjælp nu" before every service
    urgent_services: tuple[str, ...] = ()  # lines to show with it, e.g. Livslinien
    kommune_entries: tuple[str, ...] = ()  # the family's kommune's own numbers the card gives
    right_now: str | None = None  # what parents can do right now, in plain words
    right_now_sources: tuple[str, ...] = ()  # the sources the right_now advice is written from
    cues: tuple[str, ...] = ()  # danger patterns that give the full card (danger.py)
    soft_cues: tuple[str, ...] = ()  # single high-risk words that give "Hvis det er akut"
    firm_cues: tuple[str, ...] = ()  # cues the learned layer never vetoes (danger.py)
    kind: str = field(default="concern", init=False)

    @property
    def plain(self) -> str:
        """The concern in parents' words: parent_label, else the label."""
        return self.parent_label or self.label

    @property
    def words(self) -> tuple[str, ...]:
        """Every phrase that names the concern: its labels and the synonyms parents use."""
        return (self.label, *((self.parent_label,) if self.parent_label else ()), *self.synonyms)


@dataclass(frozen=True, slots=True, kw_only=True)
class RiskGroup:
    """A group of children at higher risk, named in an agreement."""

    id: str
    pos: Pos
    label: str
    facts: Facts
    description: str | None = None
    concerns: tuple[str, ...] = ()
    kind: str = field(default="risk_group", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Term:
    """A glossary entry: an acronym or word and what it means."""

    id: str
    pos: Pos
    term: str
    definition: str
    facts: Facts
    expansion: str | None = None
    kind: str = field(default="term", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One step of a pathway: who does what, where, and how long it takes."""

    id: str
    pos: Pos
    name: str
    pathway: str
    order: int
    facts: Facts
    performed_by: tuple[str, ...] = ()
    service: str | None = None
    summary: str | None = None
    description: str | None = None
    duration: str | None = None
    deadline: str | None = None
    next: tuple[str, ...] = ()
    area_served: tuple[str, ...] = ()  # regions/clusters/kommuner the step applies in; () = all
    span: Span = ALWAYS

    @property
    def key(self) -> str:
        """Globally unique key 'pathway:step'."""
        return f"{self.pathway}:{self.id}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Handover:
    """A step handing a child over to another step, often across sectors."""

    id: str
    pos: Pos
    pathway: str
    source: str
    target: str
    method: str
    facts: Facts
    consent: str = "unknown"
    consent_note: str | None = None
    timeframe: str | None = None
    criteria: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Pathway:
    """An ordered set of steps and the handovers between them."""

    id: str
    pos: Pos
    name: str
    facts: Facts
    steps: tuple[Step, ...]
    handovers: tuple[Handover, ...] = ()
    short_name: str | None = None
    summary: str | None = None
    description: str | None = None
    agreement_status: str | None = None
    services: tuple[str, ...] = ()
    area_served: tuple[str, ...] = ()
    concerns: tuple[str, ...] = ()
    risk_groups: tuple[str, ...] = ()
    minimum_age: int | None = None
    maximum_age: int | None = None
    start: str | None = None
    lifecycle: Lifecycle = Lifecycle()
    kind: str = field(default="pathway", init=False)
    _by_id: dict[str, Step] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        # a lookup, not a scan: the checks ask for steps by id once per 'next' and handover,
        # which is quadratic in a (hostile) pathway of thousands of steps
        by_id: dict[str, Step] = {}
        for s in self.steps:
            by_id.setdefault(s.id, s)
        object.__setattr__(self, "_by_id", by_id)

    def step(self, step_id: str) -> Step | None:
        """The step with this id, if any."""
        return self._by_id.get(step_id)


@dataclass(frozen=True, slots=True, kw_only=True)
class Advice:
    """What one adult around the child can do now, when to seek more help, and what is urgent."""

    role: str  # the role the advice is for ('for' in the file)
    pos: Pos
    points: tuple[str, ...]
    facts: Facts
    more_help: str | None = None
    urgent: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AdviceTopic:
    """A worry parents bring, with first-line advice for each adult; linked to concerns.

    Its facts are its advice's: every source of its advice, and the least sure status.
    """

    id: str
    pos: Pos
    label: str
    facts: Facts
    concerns: tuple[str, ...] = ()
    advice: tuple[Advice, ...] = ()
    kind: str = field(default="advice_topic", init=False)

    def for_role(self, role: str) -> tuple[Advice, ...]:
        """The advice for one role, in the order written."""
        return tuple(a for a in self.advice if a.role == role)


Entity = (
    Source
    | Place
    | Organisation
    | Service
    | Role
    | Concern
    | RiskGroup
    | Term
    | Pathway
    | AdviceTopic
)
