"""The Vejviser RDF vocabulary as a closed namespace, declared again in ontology/navigator.ttl."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

NS = "https://vejviser.dk/ns#"
ID = "https://vejviser.dk/id/"
ENTITY = Namespace(ID)


class NAV(DefinedNamespace):
    """Terms of https://vejviser.dk/ns#; a misspelt term raises instead of minting an IRI."""

    _fail = True
    _NS = Namespace(NS)

    # classes
    Pathway: URIRef  # An ordered set of steps and handovers a child and family can move through.
    Step: URIRef  # One step of a pathway, performed by roles at a service.
    Handover: URIRef  # A step handing a child over to another step, often across sectors.
    Role: URIRef  # A person's role around the child, in one sector.
    Concern: URIRef  # A worry about a child, with the words parents use.
    RiskGroup: URIRef  # A group of children at higher risk, named in an agreement.
    Region: URIRef  # A Danish region; which ones hold on a day: schema:validFrom/validThrough.
    Cluster: URIRef  # A sundhedsklynge: kommuner around an acute hospital.
    Kommune: URIRef  # A Danish municipality.
    Coverage: URIRef  # Whether a place offers a service, as of a date.
    Term: URIRef  # A glossary entry.
    AdviceTopic: URIRef  # A worry parents bring, with first-line advice for each adult.
    Advice: URIRef  # What one adult can do now, when to seek more help, and what is urgent.
    Membership: URIRef  # A place lying in another for a span of days.

    # places and organisations
    partOf: URIRef  # The region a cluster or kommune lies in.
    hasMember: URIRef  # A kommune that belongs to a cluster.
    membership: URIRef  # A membership of the place (kommune in region, cluster or sundhedsråd).
    member: URIRef  # The place that lies in another, in a membership.
    inPlace: URIRef  # The place it lies in, in a membership.
    untilFurtherNotice: URIRef  # Carried on with no source for how long it holds.
    membersFactStatus: URIRef  # How sure the list of a cluster's members is.
    kommunekode: URIRef  # A kommune's code in Danmarks Statistik's classification (LAU).
    locatedIn: URIRef  # The place an organisation belongs to.
    sector: URIRef  # Sector: familie, kommune, almen-praksis, region, civilsamfund or stat.
    inOrganisation: URIRef  # The organisation a role works in.

    # services
    shortName: URIRef  # A short name or acronym.
    summary: URIRef  # Plain-language text for parents.
    applicationProcess: URIRef  # How to get in (HSDS application_process).
    askFor: URIRef  # What to ask for on the kommune's main number, in plain Danish.
    eligibilityDescription: URIRef  # Who it is for (HSDS eligibility_description).
    exclusionDescription: URIRef  # Who it is not for.
    after: URIRef  # What happens next, for parents.
    minimumAge: URIRef  # Lowest age served, in years (HSDS minimum_age).
    maximumAge: URIRef  # Highest age served, in years (HSDS maximum_age).
    serviceStatus: URIRef  # Whether it runs today: active, ended, planned or unknown (HSDS status).
    statusAsOf: URIRef  # The date the status was last known to be true.
    urgentService: URIRef  # An urgent line shown with a warning sign (Livslinien for suicide).
    selfReferral: URIRef  # Families can contact it themselves, without referral.
    referralRequired: URIRef  # A referral is needed.
    referredBy: URIRef  # A role that may refer to the service.
    cost: URIRef  # free, paid, subsidised or unknown.
    feesDescription: URIRef  # What it costs, in words.
    legalBasis: URIRef  # The law the service rests on.
    requiredByLaw: URIRef  # Every kommune must offer the service by law.
    urgent: URIRef  # Listed as urgent help.
    audience: URIRef  # Who can use the service: families or professionals (default both).
    startingPoint: URIRef  # False when families only reach the service from inside another one.
    addressesConcern: URIRef  # A concern the service or pathway helps with.
    forRiskGroup: URIRef  # A risk group the service or pathway is for.
    partOfService: URIRef  # The parent service (a STIME track is part of STIME).
    involvesService: URIRef  # A service a pathway runs through.
    coverage: URIRef  # A coverage record of the service.
    coveragePlace: URIRef  # The place a coverage record is about.
    coverageStatus: URIRef  # offered, planned, unknown or not-offered.
    asOf: URIRef  # The date a coverage record describes.
    coverageNote: URIRef  # Notes on coverage.
    contactType: URIRef  # phone, sms, chat, web, email or address.
    contactValue: URIRef  # The number, address or URL of a contact channel.
    contactArea: URIRef  # Place where a contact channel applies.
    contactService: URIRef  # The service a kommune's contact channel is the way into.
    entryPoint: URIRef  # Which of a kommune's entry points a contact channel is.
    hours: URIRef  # Opening hours of a contact channel, in words.

    # pathways
    hasStep: URIRef  # A step of the pathway.
    inPathway: URIRef  # The pathway a step or handover belongs to.
    startStep: URIRef  # The first step of a pathway.
    order: URIRef  # Position of a step in its pathway, from 1.
    performedBy: URIRef  # A role that performs the step.
    atService: URIRef  # The service where the step happens.
    next: URIRef  # A step that follows this one.
    duration: URIRef  # Typical duration, in words.
    deadline: URIRef  # Deadline or service target, in words.
    agreementStatus: URIRef  # Where the underlying agreement stands.
    hasHandover: URIRef  # A handover of the pathway.
    fromStep: URIRef  # The step a handover starts at.
    toStep: URIRef  # The step a handover leads to.
    handsOverTo: URIRef  # Shortcut: a step hands over to another step.
    method: URIRef  # How a handover is made: henvisning, underretning, epikrise, netværksmøde …
    consent: URIRef  # required, not-required or unknown.
    consentNote: URIRef  # Notes on consent.
    timeframe: URIRef  # How soon the handover happens.
    criteria: URIRef  # When the handover happens.

    # concerns, risk groups, glossary
    relatedConcern: URIRef  # A concern typical of a risk group.
    expansion: URIRef  # What an acronym stands for.

    # advice (issue 18)
    hasAdvice: URIRef  # A piece of advice of an advice topic.
    adviceFor: URIRef  # The role the advice is for.
    advicePoint: URIRef  # One short, concrete action.
    moreHelp: URIRef  # When to seek more help, and where.
    urgentAdvice: URIRef  # What is urgent (112, lægevagt).

    # governance
    factStatus: URIRef  # verified (in a public source), stated (in a seed) or unverified.
    nextReview: URIRef  # When the entity is due for review.
    reviewOwner: URIRef  # Who keeps the entity up to date.
    seedFile: URIRef  # File name of a seed document.
    accessed: URIRef  # When a source was consulted.


# Every attribute read of a DefinedNamespace goes through its metaclass's __getattr__ (name
# checks, then a cached lookup): hundreds of thousands of reads in one national compile. Each
# declared term is kept on the class once, so a read is a plain attribute. A term that is not
# declared still reaches DefinedNamespace and raises.
for _term in NAV.__annotations__:
    type.__setattr__(NAV, _term, NAV[_term])
del _term


def iri(entity_id: str) -> URIRef:
    """The IRI of an entity, step or handover key."""
    return ENTITY[entity_id.replace(":", "--").replace("#", "--")]


def local_id(node: URIRef) -> str:
    """The id part of an entity IRI."""
    return str(node).removeprefix(ID)
