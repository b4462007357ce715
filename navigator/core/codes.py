"""Every code list, declared once: code → Danish label, in the order it is shown.

Pages, diagrams, CSV, the SPARQL example and the catalogue read these mappings. The JSON
Schema enums (ontology/pathway.schema.json), the SHACL ``sh:in`` lists (ontology/shapes.ttl)
and the SKOS concepts at the end of ontology/navigator.ttl are written from them by
scripts/gen_codes.py (``make codes``); tests/test_codes.py fails while those files are stale.
"""

from __future__ import annotations

SECTORS = {
    "familie": "Familien",
    "kommune": "Kommunen",
    "almen-praksis": "Almen praksis",
    "region": "Regionen",
    "civilsamfund": "Civilsamfundet",
    "stat": "Staten",
}
"""Who does a step or runs a service; also the order of the lanes in a diagram."""

METHODS = {
    "henvisning": "Henvisning",
    "underretning": "Underretning",
    "epikrise": "Epikrise",
    "netvaerksmoede": "Netværksmøde",
    "korrespondance": "Korrespondance",
    "raadgivning": "Rådgivning",
    "orientering": "Orientering",
}
"""How a child is handed over from one step to the next."""

CONSENT = {
    "required": "Kræver samtykke",
    "not-required": "Kræver ikke samtykke",
    "unknown": "Ukendt, om det kræver samtykke",
}
"""Whether a handover needs the parents' consent."""

FACT_STATUSES = {
    "verified": "Bekræftet i kilde",
    "stated": "Oplyst i kildedokument, ikke efterprøvet",
    "unverified": "Ikke bekræftet",
}
"""How sure a fact is."""

SERVICE_STATUSES = {
    "active": "I gang",
    "ended": "Afsluttet",
    "planned": "Planlagt",
    "unknown": "Ukendt, om det stadig findes",
}
"""Whether a service or pathway runs today (HSDS service status, in the guide's own words)."""

COVERAGE = {
    "offered": "Tilbydes",
    "planned": "Planlagt",
    "unknown": "Ukendt – spørg din kommune",
    "not-offered": "Tilbydes ikke",
}
"""What a coverage record says about one kommune, cluster or region."""

AVAILABILITY = {
    "offered": COVERAGE["offered"],
    "statutory": "Skal findes i alle kommuner (lovkrav)",
    "regional": "Findes i jeres region",
    "national": "Findes i hele landet",
    "planned": COVERAGE["planned"],
    "unknown": COVERAGE["unknown"],
    "not-offered": COVERAGE["not-offered"],
}
"""How sure we are that a service exists where the family lives: the coverage codes plus what
follows from the law and the area served. The surest first, 'ask your kommune' and 'not here'
last."""

COST = {
    "free": "Gratis",
    "paid": "Koster penge",
    "subsidised": "Med offentligt tilskud",
    "unknown": "Pris ikke oplyst",
}
"""What a service costs the family."""

CONTACT_TYPES = {
    "phone": "Telefon",
    "sms": "SMS",
    "chat": "Chat",
    "web": "Hjemmeside",
    "email": "E-mail",
    "address": "Adresse",
    "instruction": "Sådan",
}
"""How to get in touch."""

ENTRY_POINTS = {
    "main": "Hovednummer",
    "ltt": "Gratis behandlingstilbud (§ 126 a)",
    "ppr": "PPR",
    "familie": "Børne- og familierådgivning",
    "socialvagt": "Socialvagt uden for åbningstid",
    "ungeraadgivning": "Rådgivning for unge",
}
"""Which of a kommune's own entry points a contact is (issue 16): its main number, the way into
a service, the after-hours social duty or a counselling service for young people."""

PLACE_TYPES = {"region": "Region", "cluster": "Klynge", "kommune": "Kommune"}
"""The kinds of place a catalogue knows."""

AUDIENCES = {"families": "Familier", "professionals": "Fagfolk"}
"""Who a service is for."""

OFFER_GROUPS = {
    "familie": "Tilbud til familier",
    "akut": "Akut hjælp",
    "fagfolk": "Tilbud til fagfolk",
}
"""The groups a kommune's offers are shown in, in this order: a service's audience (families
or professionals), with the urgent lines apart (query.audience_of). The codes are the
'gruppe' column of tilbud-kommuner.csv."""

SEARCH_KINDS = {
    "service": "Tilbud",
    "pathway": "Forløb",
    "role": "Roller",
    "concern": "Bekymringer",
    "kommune": "Kommuner",
    "cluster": "Klynger",
    "term": "Ordliste",
}
"""The groups of a search answer, as headings, in the order they are shown."""
