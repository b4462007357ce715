"""Danger first (issue 15): the "Få hjælp nu" card for every kind of acute danger, in parents'
own words, on the live site, its .json twin and (in Node) the static site's danger.js.

The wording the issue names must give (or must not give) the card; the whole tuning split of
the danger corpus must keep the recall and false-alarm rate it was tuned to; the held-out
split is measured by bench/danger.py and reported in docs/danger.md, never tuned on.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from helpers import check_text, run_node

from navigator.answers.danger import (
    WEIGHTS,
    Matcher,
    compile_pattern,
    danger_concerns,
    elements,
    line_of,
    matcher,
    stretches,
    with_folded,
)
from navigator.answers.query import region_of, resolve_concerns, urgent_help, warning_signs
from navigator.build import Site
from navigator.core import paths
from navigator.core.text import fold
from navigator.web.presenters import help_now

DANGER_JS = paths.STATIC / "js" / "danger.js"
FIND_JS = paths.STATIC / "js" / "find.js"
CORPUS = Path(__file__).parent / "fixtures" / "danger"
SUICIDE = {"selvmordstanker", "selvmordsplaner", "selvmordsforsoeg"}

# what a parent types → the kinds the card must name; empty: never the full card. The calm lines
# are also in tune.tsv (training text, since round 13): this table guards against a rule
# or a retraining that loses them, and is no measurement (bench/danger.py is)
TABLE: list[tuple[str, set[str]]] = [
    # the wording issue 15 found without a card
    ("snakker om at slå sig selv ihjel", {"selvmordstanker"}),
    ("snakker om at tage sit liv", {"selvmordstanker"}),
    ("gider ikke leve længere", {"selvmordstanker"}),
    ("vil ik leve mer", {"selvmordstanker"}),
    ("min søn er suicidal", {"selvmordstanker"}),
    ("har taget en masse piller", {"selvmordsforsoeg"}),
    ("har slugt panodiler", {"selvmordsforsoeg"}),
    ("han forsøgte at hænge sig", {"selvmordsforsoeg"}),
    ("har googlet hvordan man dør", {"selvmordsplaner"}),
    ("snitter sig", {"selvskade"}),
    ("hun skærer sig", {"selvskade"}),
    # the layer of round 20 vetoed it for the calm story around it; round 21's learned it
    ("min datter er begyndt at skære sig efter hun blev mobbet", {"selvskade"}),
    ("anorexi", {"svaer-spiseforstyrrelse"}),
    ("har tabt 10 kilo på en måned", {"svaer-spiseforstyrrelse"}),
    ("hører stemmer og er bange", {"akut-psykose"}),
    ("min datter er blevet voldtaget", {"vold-eller-overgreb"}),
    ("stedfar slår ham", {"vold-eller-overgreb"}),
    ("er stukket af hjemmefra og svarer ikke", {"forsvundet-barn"}),
    ("er blevet truet på livet", {"trusler-eller-vaaben"}),
    ("kan ikke vække hende og hun har drukket en hel flaske vodka", {"bevidstloes-eller-beruset"}),
    # a look-alike rule must not blank the danger beside it (a lost phone, 'min')
    ("hun er stukket af hjemmefra og har slukket sin telefon", {"forsvundet-barn"}),
    ("min søn er forsvundet og min mand leder efter ham", {"forsvundet-barn"}),
    ("min datter på 4 er forsvundet i 30 minutter i skoven", {"forsvundet-barn"}),
    # a denial blanks only what it denies: the danger told after it is heard
    (
        "han siger han ikke er selvmordstruet, men han har skrevet et afskedsbrev",
        {"selvmordsplaner"},
    ),
    # a parent who names it is heard, whatever the learned layer makes of the rest
    (
        "jeg er bange for at min søn er psykotisk, han siger at vores hund er en spion",
        {"akut-psykose"},
    ),
    # what worked before must still work
    ("tenker paa at doe", {"selvmordstanker"}),
    ("hun vil ikke leve mere", {"selvmordstanker"}),
    ("taler om selvmord", {"selvmordstanker"}),
    ("selvmortstanker", {"selvmordstanker"}),
    ("selv mords tanker", {"selvmordstanker"}),
    ("afskedbrev", {"selvmordsplaner"}),
    ("afskeds brev", {"selvmordsplaner"}),
    ("hun har taget en overdosis", {"selvmordsforsoeg"}),
    ("han har skåret i armene", {"selvskade"}),
    ("hun skaaret sig igen", {"selvskade"}),
    ("sh igen i aftes", {"selvskade"}),
    ("spiser næsten ingenting", {"svaer-spiseforstyrrelse"}),
    ("kaster op efter hvert måltid", {"svaer-spiseforstyrrelse"}),
    # a theme picked from the list brings its card: theme and card never disagree
    ("Alvorlige problemer med mad og vægt", {"svaer-spiseforstyrrelse"}),
    ("Skader sig selv", {"selvskade"}),
    # the look-alikes of round 10 blank only what they cover
    ("hvordan hjælper jeg min datter der cutter", {"selvskade"}),
    ("jeg ville ønske jeg var død", {"selvmordstanker"}),
    ("hvordan hænger man sig", {"selvmordsplaner"}),
    ("hvordan tager man sit liv", {"selvmordsplaner"}),
    ("runaway 15 år", {"forsvundet-barn"}),
    ("siger vi er falske forældre", {"akut-psykose"}),
    (
        "han siger vi ikke skal købe julegaver til ham i år, han får ikke brug for dem",
        {"selvmordsplaner"},
    ),
    ("min søn kom hjem fra sin far med et cigaretmærke på armen", {"vold-eller-overgreb"}),
    ("hun har cigaretmærker på armen", {"selvskade"}),
    # a joke denied is a threat: the gaming look-alike hears "for sjov" only when it is said
    ("jeg slår dig ihjel sagde han, og det var ikke for sjov", {"trusler-eller-vaaben"}),
    # round 14: away for nights, a bridge overheard
    ("han har ikke været hjemme i to nætter og vennerne har ikke set ham", {"forsvundet-barn"}),
    ("hørte to piger snakke om at deres veninde vil hoppe fra broen", {"selvmordsplaner"}),
    # a review of rounds 15 and 16: look-alikes must not silence these
    (
        "onklen gav hende en gave og sagde at hun ikke må fortælle hvad de laver når de er alene",
        {"vold-eller-overgreb"},
    ),
    # after round 16: a farewell letter written, a wish to be dead in English, never vetoed
    ("min datter har skrevet et langt farvelbrev og lagt det på sit bord", {"selvmordsplaner"}),
    ("i wish i was dead 14 og autistisk og ingen forstår mig", {"selvmordstanker"}),
    ("hvor man kan hænge sig", {"selvmordsplaner"}),
    # round 16: said to be meant, hoarded pills, a pillow, a child beaten in sight, drones
    ("min veninde sagde at hun gerne ville dø og det var ik for sjov", {"selvmordstanker"}),
    ("han sagde at så kunne han lige så godt dø", {"selvmordstanker"}),
    ('hun skriver på tiktok at hun er "done with life"', {"selvmordstanker"}),
    ("hun har samlet sin medicin i en dåse i stedet for at tage den", {"selvmordsplaner"}),
    ("han har holdt en pude over sin lillesøsters ansigt", {"trusler-eller-vaaben"}),
    ("så en far sparke sin søn i maven ude ved bilerne", {"vold-eller-overgreb"}),
    (
        "hun siger hun ikke må fortælle hvad hun og fætteren laver når de er alene",
        {"vold-eller-overgreb"},
    ),
    ("hun sidder under bordet fordi hun siger at droner filmer hende", {"akut-psykose"}),
    ("hun har taget en hel pakke panodil, hvor mange må man tage om dagen", {"selvmordsforsoeg"}),
    ("hun har nye sår på overarmene", {"selvskade"}),
    # round 15: the look-alikes for grief, talk and a straight "no" blank only what they cover
    ("kan jeg tale med jer om min søns selvmordstanker", {"selvmordstanker"}),
    ("min onkel tog sit liv og nu siger min søn at han også vil dø", {"selvmordstanker"}),
    (
        "jeg spurgte om hun ville skade sig selv, hun sagde nej, men hun har skrevet afskedsbrev",
        {"selvmordsplaner"},
    ),
    # round 13: said outright inside a long, ordinary story, never vetoed
    (
        "hun lavede lektier og spiste med os, og for ti minutter siden fortalte hun at hun"
        " tog en masse piller i frikvarteret for at dø",
        {"selvmordsforsoeg"},
    ),
    ("min pige sagde til sin søster jeg er bedre død, hun er 13", {"selvmordstanker"}),
    (
        "han var glad og snakkede meget, så faldt han bare om på sofaen og vil ikke vågne,"
        " han har været til fest",
        {"bevidstloes-eller-beruset"},
    ),
    ("i dag sagde han at lederen til spejder har rørt ved ham", {"vold-eller-overgreb"}),
    (
        "han har ikke tænkt på at tage sit liv men han har skrevet et afskedsbrev",
        {"selvmordsplaner"},
    ),
    ("hvis hun en dag tager en overdosis igen, hvad gør vi", {"selvmordsforsoeg"}),
    (
        "han var ikke forsvundet i går, men i dag er han stukket af hjemmefra og svarer ikke",
        {"forsvundet-barn"},
    ),
    # look-alikes and ordinary worries: no card
    ("skar sig i fingeren da han lavede mad", set()),
    ("cutter videoer til youtube", set()),
    ("hun vil ikke åbne sin dør", set()),
    ("vil ikke i skole efter mormor døde", set()),
    ("han dør af grin", set()),
    ("er død træt efter træning", set()),
    ("fik skåret håret kort", set()),
    ("min dreng på 6 bliver rasende og slår og sparker når han ikke får sin vilje", set()),
    ("keder sig ihjel i sommerferien", set()),
    ("han tager piller mod ADHD", set()),
    ("tog en panodil for hovedpine", set()),
    ("har tabt sig lidt efter influenza", set()),
    ("har tabt sin telefon", set()),
    ("telefonen er forsvundet", set()),
    ("hun stak af fra mig i 5 min i netto", set()),
    ("han er ikke psykotisk, bare meget ked af det", set()),
    ("hun er ikke selvmordstruet, bare ked af det efter kæresten slog op", set()),
    ("jeg tror ikke han vil gøre sig selv noget, han er bare stille", set()),
    ("han er helt væk i sin telefon", set()),
    # asked before anything happened, and a child found again (round 10)
    ("hvad gør jeg hvis min datter en dag fortæller at hun har selvmordstanker?", set()),
    ("hvad gør man hvis ens barn bliver truet på nettet, jeg spørger bare generelt", set()),
    ("hun siger hun ikke har tanker om at skade sig selv, hun er bare presset", set()),
    ("han er ikke forsvundet, han har bare slukket sin telefon", set()),
    ("vi har lige fundet ham, han var gået hjem til en kammerat", set()),
    ("min datter på 9 sagde i raseri at hun ville ønske jeg var død", set()),
    ("min datter har en kniv med i sin taske til madkundskab", set()),
    # denials and grief (round 11)
    ("min søn har ikke tænkt på at tage sit liv, men han sover dårligt", set()),
    ("ingen selvskade, ingen stoffer, bare meget trist efter bruddet", set()),
    ("ingen er blevet slået eller noget, men der er meget råberi hjemme", set()),
    ("han har ikke nogen kniv, det var en plastikkniv fra legetøjsbutikken", set()),
    ("hvordan taler man med en elev der har mistet en forælder til selvmord", set()),
    ("hvordan tager man sig af et barn med angst", set()),
    ("jeg har ik taenkt pa at tage mit liv jeg er bare sa stresset over gymnasiet", set()),
    ("har ik selvskade tanker men jeg er så ked af at min kæreste slog op", set()),
    ("jeg var lige ved at dø af skræk da katten sprang frem", set()),
    ("han sagde jeg slår dig ihjel men det var bare for sjov", set()),
    ("han sover så tungt at jeg ikke kan vække ham om morgenen", set()),
    ("jeg er bange for at min kæreste slår op med mig", set()),
    ("jeg har tænkt på døden efter morfar døde, ikke at jeg vil dø", set()),
    ("veninde siger det ik er selvskade, hun har bare eksem og klør sig meget", set()),
    ("drengene lavede en video hvor de sloges med knive af pap", set()),
    ("hun tog en panodil for at kunne sove", set()),
    ("han spiller skydespil hele weekenden", set()),
    # after round 16: 'hvor man dør' in a game is not a plan (a firm cue read it so)
    ("min søn spiller et spil hvor man dør hele tiden", set()),
    # round 16: a dose asked about, a stomach bug, an attempt long ago
    ("hun har taget en pakke panodil med på rejse, hvor mange må hun tage om dagen", set()),
    # a review of rounds 15 and 16: firm cues and look-alikes kept to what they mean
    ("hvordan man låser en dør op", set()),
    ("hendes selvmordstanker er heldigvis væk efter behandlingen", set()),
    ("han må ikke fortælle mor hvad de laver når de er alene, det er til hendes fødselsdag", set()),
    (
        "han må ikke fortælle hvad han og mormor laver når de er alene, det er en overraskelse",
        set(),
    ),
    # rounds 17 and 18: a typo of 'leve', a clinical word, a stabbing ('knivstukket' is a
    # weapon word: 'stukket' alone says a child ran away, 'stukket af')
    ("jeg er 13 og vil ikke leev mere", {"selvmordstanker"}),
    ("dødsønsker hos min søn på 11, hvad gør vi i aften", {"selvmordstanker"}),
    ("han blev knivstukket i aftes og er på vej hjem", {"trusler-eller-vaaben"}),
    # round 18's firm cue: missing now, for longer than a quarter of an hour; found is over
    ("han var forsvundet i 30 minutter men vi fandt ham hos naboen", set()),
    ("han har været forsvundet i over en time og svarer ikke", {"forsvundet-barn"}),
    # round 19: a habit is not a missing child; a death wished on someone else is not a wish
    # to die (both left by round 18's review)
    ("min søn er forsvundet i 2 timer hver dag efter skole ind i sit spil", set()),
    ("min søn er forsvundet i 2 timer, vi har ringet til alle hans venner", {"forsvundet-barn"}),
    ("han har dødsønsker mod sin stedfar efter skilsmissen", set()),
    # round 20, from reading AQ: rape told as force, a baby shaken hard, a young teenager very
    # drunk and asleep; an idiom of betrayal and a farewell card to a teacher are calm
    ("min datter blev tvunget til sex på lejrskolen", {"vold-eller-overgreb"}),
    (
        "my wife shakes our baby hard when he cries, I don't know what to do",
        {"vold-eller-overgreb"},
    ),
    (
        "min datter er meget fuld, har kastet op og sover nu, hun er 13",
        {"bevidstloes-eller-beruset"},
    ),
    ("min veninde har stukket mig en kniv i ryggen", set()),
    ("hun skriver et afskedsbrev til sin yndlingslærer fordi hun skifter skole", set()),
    # round 20's review: the look-alikes must not hide danger told beside them, and the firm
    # cue must not fire on a lesson about consent
    ("han tvang hende til sex i går", {"vold-eller-overgreb"}),
    ("min søn på 8 har været forsvundet i 3 timer efter skolen", {"forsvundet-barn"}),
    ("hun får selvmordstanker mod aften og i weekenderne", {"selvmordstanker"}),
    ("han sagde til min søn at han vil stikke ham en kniv i ryggen", {"trusler-eller-vaaben"}),
    ("de stak ham en kniv i ryggen i nat", {"trusler-eller-vaaben"}),
    ("jeg fandt et afskedsbrev til os, hun skriver at nu stopper smerten", {"selvmordsplaner"}),
    ("shake the baby bottle hard so the formula has no lumps", set()),
    ("min søn er helt stiv i nakken og ligger bare i sengen med feber", set()),
    # round 34, from reading BM: a child who says it, which a look-alike for a denial blanked
    ("mine forældre ved ik at jeg vil dø. hvem kan jeg snakke med nu", {"selvmordstanker"}),
    ("mine forældre ved ik at jeg vil dø, men jeg tør ikke sige det", {"selvmordstanker"}),
    # round 35, from reading BN: Danish as a second language (verbs unbent), Bornholm's
    # spelling, a stepmother who hits (each missed by round 34)
    ("min søn kigge på internet hvordan tage liv, jeg se det på computer", {"selvmordsplaner"}),
    ("min søn spise mange tablet for at dø. han sove nu. er det farlig", {"selvmordsforsoeg"}),
    ("ja er så bange for vores tøs, hon siger hon ikke gider leva mer", {"selvmordstanker"}),
    ("min søns nye kone slår dem og de får ikke altid aftensmad", {"vold-eller-overgreb"}),
    ("min datter skal spise 2 tabletter om dagen", set()),
    # round 36, from reading BO: a grown-up who hits a sibling, a rope around the neck, a
    # baby shaken, medicine spelled by ear
    ("min far slår min lillebror hver gang han ikke forstår lektier", {"vold-eller-overgreb"}),
    ("vi har lige fået hende ned fra loftet, hun havde et reb om halsen", {"selvmordsforsoeg"}),
    ("mor ryster babyen hårdt når den græder", {"vold-eller-overgreb"}),
    ("min datter drak min medisin for blodtryk, hele glas", {"selvmordsforsoeg"}),
    # round 37, from reading BP: the child's own words passed on
    ('han sagde "jeg sprang ud fra altanen men jeg landede i busken"', {"selvmordsforsoeg"}),
    ('dagbog: "mor slår mig med en sko når jeg glemmer at rydde op"', {"vold-eller-overgreb"}),
    ("jeg blev udsat for noget seksuelt af min træner i går", {"vold-eller-overgreb"}),
    # ... and its review: beaten at a game, "i løbet af" (which a look-alike had blanked), a
    # denial, a toddler with a stick
    ("min far slår min søn i skak hver søndag", set()),
    ("farmor slår min datter i kortspil", set()),
    ("min mand slog min lillebror i løbet af aftenen", {"vold-eller-overgreb"}),
    ("min mand har aldrig slået min søn, men han råber meget", set()),
    ("min søn på 4 slog mig med en pind da han blev sur", set()),
    # round 38, from reading BR: abuse told in English, which no cue heard; a child hitting
    # a parent in play is not abuse
    (
        "My husband hits our daughter when he is angry. Hun er 10. Jeg tør ikke gå til politi. "
        "Hvad kan jeg gøre?",
        {"vold-eller-overgreb"},
    ),
    (
        "my stepdad punched my little brother last night and he is scared to go home",
        {"vold-eller-overgreb"},
    ),
    ("my son hit his dad with a foam sword while they played", set()),
    # BU, learned after round 41 was measured on it (regression guards on training text):
    # English danger in a short practical question keeps the full card, and calm English the
    # learned layer had read as danger does not get it
    (
        "i swallowed a bunch of pamol 2 hours ago and i feel fine is it ok now?",
        {"selvmordsforsoeg"},
    ),
    (
        "kid on my team tried to kill himself over the weekend, as a coach how do I handle "
        "training tomorrow",
        {"selvmordsforsoeg"},
    ),
    ("our au pair burned her hand on the oven, where is the nearest emergency clinic?", set()),
    ("my stepson and my son don't get along at all", set()),
    # round 42: Swedish and Norwegian (our own sentences, after reading BX): danger in them
    # gets the card, and Swedish school refusal meets the look-alike written for Danish
    ("min son säger att han inte vill leva längre", {"selvmordstanker"}),
    ("dottern min har tatt en masse piller i kveld", {"selvmordsforsoeg"}),
    ("hon skär sig i armarna varje kväll", {"selvskade"}),
    ("min pojke har rymt hemifrån och svarar inte", {"forsvundet-barn"}),
    ("min dotter på 15 vill inte gå till skolan", set()),
    # round 44 (our own sentences, after reading BZ): a child's own words during a game are
    # not the game; a baby shaken by the other parent; a household poison drunk; a video
    # trimmed in an app, and killing in a game, are no card
    ("min søn skrev i chatten under roblox at han vil slå sig selv ihjel", {"selvmordstanker"}),
    ("hans far ryster min baby når hun ikke vil sove", {"vold-eller-overgreb"}),
    ("vi skyder zombier ihjel i minecraft hele aftenen", set()),
    ("hun skærer dem til i capcut inden hun lægger dem op", set()),
    ("skilsmissen rystede vores barn meget", set()),
    ("min søn har drukket af rensevæsken med vilje", {"selvmordsforsoeg"}),
    # round 15: grief, how to talk about it, a straight "no", small children's spells
    ("hvordan forklarer jeg min 7-årige hvad selvmord er, hans onkel tog sit liv", set()),
    ("kan man tale om selvmord med en 12-årig uden at give hende ideen", set()),
    ("jeg spurgte om hun har tanker om at skade sig selv, hun sagde nej og virkede ærlig", set()),
    ("natterror 4 år skriger og kan ikke vækkes", set()),
    ("affektanfald 18 mdr bliver blå i hovedet", set()),
    ("katten er forsvundet", set()),
    ("ondt i maven", set()),
    ("skolevægring", set()),
    ("vil ikke mere i skole", set()),
    ("kaster op når han er nervøs", set()),
]
IDS = [text for text, _ in TABLE]


@pytest.mark.parametrize(("text", "kinds"), TABLE, ids=IDS)
def test_the_card_a_parents_words_give(site: Site, text: str, kinds: set[str]) -> None:
    signs = warning_signs(site.catalogue, text)
    # every kind it speaks of has its section; the learned layer may add a neighbour (an
    # overdose read as poisoning too), never a card for calm text
    assert kinds <= set(signs.concerns) if kinds else not signs.concerns, signs
    card = help_now(site, text)
    if not kinds:
        assert card is None or card["soft"], "never the full card for ordinary words"
        return
    assert card is not None and not card["soft"]
    shown = {k["id"] for k in card["kinds"]}
    assert shown == set(signs.concerns) and shown >= kinds
    assert card["emergency"]["contacts"][0]["value"] == "112"
    assert all(k["right_now"] and k["sources"] for k in card["kinds"]), "what to do, and why"
    lines = {u["id"] for k in card["kinds"] for u in k["lines"]}
    assert ("livslinien" in lines) == bool(shown & SUICIDE), "Livslinien when about suicide"
    assert resolve_concerns(site.catalogue, text) >= kinds, "never an unknown concern"


@pytest.mark.parametrize(
    "text",
    [
        "parken hvor han hænger ud med vennerne",
        "trampolinparken hvor man kan hoppe",
        "svømmehallen hvor man kan springe fra vippen",
        "hvordan man låser en dør op",
        "børnene har skrevet farvelbreve til pædagogen der stopper",
        "hun har ikke skrevet noget afskedsbrev",
        "han holder en pude over hovedet når vi støvsuger",
        "han gemmer sin ritalin i penalhuset i stedet for at tage den",
        "han siger i want to die hver gang han taber i fortnite",
        "vi tager hendes selvmordsrisiko helt alvorligt, men hun er stabil",
        # round 18's firm cue for a child missing now: the time must follow 'forsvundet i'
        "han er forsvundet i skærmen 3 timer om dagen",
        "hun var forsvundet i 40 minutter men sad bare hos naboen",
        "han er forsvundet i 10 minutter i butikken",
        # round 20's review: a lesson about consent, a subject at school
        "vi har talt om samtykke i 8. klasse, at ingen må føle sig presset til sex",
        "min søn bliver tvunget til sex-undervisning selvom vi har sagt nej",
        # round 21's firm cue for a child who "er begyndt at skære sig" fired on all of these
        # (a review found 72 of 100 sentences; it was taken out)
        "han er begyndt at skære selv i maden",
        "min baby er begyndt at ridse sig i ansigtet med neglene",
        "han er begyndt at snitte sig en pil og bue",
        "han er begyndt at skære sig i tomaterne hjemme",
        "hun var begyndt at skære sig i 8. klasse, men det er tre år siden og hun har det godt nu",
        "hvad er tegn på at et barn er begyndt at skære sig",
        "she has started to cut herself off from her friends",
        # psychosis said of anyone but the child, or as a word (round 23)
        "hvad betyder det når man siger at en person er psykotisk",
        "min veninde er helt psykotisk når hun spiller fifa",
        "min far, børnenes morfar, er blevet psykotisk af sin medicin og bliver bedre",
        # round 37's review: the firm cues for a jump, for a grown-up who hits, and for pills
        # fired on these (a cat, a bathing bridge, the law, the past, play, a daily dose)
        "vores kat sprang ud af vinduet",
        "min søn hoppede ud fra broen ved badestedet",
        "min datter på 15 hoppede ud af vinduet i nat for at tage til fest",
        "er det lovligt at forældre slår deres børn",
        "vi så en film hvor en mor slår sin datter og nu er min søn bange",
        "far har aldrig slået mig med bæltet",
        "min far slog mig med bæltet da jeg var barn, nu er jeg bange for at gøre det samme",
        "vi legede sværdkamp og far slog mig med en pind",
        "i gamle dage slog læreren dem med en stok",
        "min datter skal spise 2 tabletter om dagen for at kunne sove",
    ],
)
def test_a_firm_cue_names_only_what_cannot_be_anything_else(site: Site, text: str) -> None:
    """A firm cue is never vetoed, so it must not fire on everyday words that share its own
    (a review of rounds 15 and 16 found each of these giving the full card)."""
    m = matcher(site.catalogue)
    assert m is not None
    line = line_of(text, m)
    assert not [cid for rx, cid in m.compiled_firm if rx.search(line)], line


@pytest.mark.parametrize(
    "text",
    [
        "hun har lavet et nyt selvmordsforsøg i nat, det første var for to år siden",
        "onklen gav hende en gave og sagde at hun ikke må fortælle hvad de laver når de er alene",
        "kan jeg tale med nogen om selvmord, min datter har tænkt på det længe",
        "hendes moster begik selvmord og nu siger hun at hun vil det samme",
        "jeg har spurgt ham om stedfar slår ham, han siger nej, men han tør ikke gå hjem",
        # round 20's review: danger in English is heard by a cue (the learned layer, which
        # has read little English danger, may turn it to the soft card: docs/danger.md)
        "he shook our newborn hard because she would not stop crying",
        "my 14 year old is very drunk, he threw up and is asleep on the floor",
        # round 22's review narrowed the self-harm cue and added look-alikes beside these
        "min datter skærer sig i armene hver aften",
        "hun ridser sig selv med en saks til blods",
        "katten ridser hende ikke, hun ridser sig selv til blods om natten",
        # round 25: "stress tager livet af mig" is worn out; said by the young person, not
        "stress tager livet af mig, så jeg tager livet af mig i aften",
        # round 26's review: punctuation is gone, so "det" ended the sentence before
        "fuck det. tager livet af mig",
        "vi har talt om det. tager livet af os begge to",
        # round 26: laughter is no proof of a joke (AZ); these look-alikes blanked the danger
        "kæresten slår mig haha",
        "vil dø lol. ikke lol",
        "haha min stedfar slår mig når han er fuld, det er bare boomer-opdragelse lol",
        # round 26's review: a game word far from "slår mig", nails, flesh, food beside cuts
        "min stedfar slår mig hvis jeg forstyrrer ham når han gamer",
        "kæresten slår mig hvis jeg ikke svarer når han ringer på discord",
        "ridser mig med neglene til det bløder",
        "jeg skar mig i kødet på armen",
        "hun skal skære tomater til aftensmad, men der er 10 nye snit på hendes arm",
        # round 31: he plays, and hits; the gaming look-alike spells out the words between
        "min far slår mig når han spiller og taber",
        # round 38, from reading BR: a teacher who "berører" a child, a coach who shows
        # porn, abuse in English, told inside a question about something else
        "hvordan snakker man med sin søn om lektier når han har fortalt at hans lærer berører "
        "ham på en mærkelig måde",
        "min søn fortalte at træneren har vist ham porno i omklædningsrummet",
        "how do I tell the school that her uncle touched her inappropriately at the party",
        "she was raped at a party on saturday and won't tell anyone",
        # the layer has read little English: "when he is angry" turns this cue to the soft
        # card (docs/danger.md, "Known wrong after round 40")
        "My husband hits our daughter when he is angry. Hun er 10. Hvad kan jeg gøre?",
        # round 40, from reading BS: danger in English, which few cues heard ("don't" is
        # read as "don t")
        "my daughter tried to kill herself last night",
        "he doesn't want to live anymore, he told me at dinner",
        "our au pair says she wants to kill herself",
        "my son doesn't recognise me and keeps asking who I am",
        "he swallowed batteries on purpose to hurt himself",
        "new cuts on her arms every morning",
        "she was abused by her uncle and it is still happening",
        "he took a whole box of paracetamol an hour ago",
        # round 40's review: its look-alikes for a cut on a knife and for English "cutting"
        # blanked these (a tool named is no accident; "sh" is spelled as "cutting" is)
        "my daughter cuts herself with a knife when she is sad",
        "she does sh at school during breaks, the nurse found blood",
        "he has hurt himself off and on for a year and last night he cut his wrists",
        "my dad hit me up against the wall",
        # the pill class no longer holds "spiller"; an s-compound of pills is named
        "hun har slugt 30 af sin mors blodtrykspiller",
    ],
)
def test_a_look_alike_leaves_the_danger_beside_it(site: Site, text: str) -> None:
    """A look-alike blanks what it covers and no more: danger told next to an old attempt, a
    gift, a question or a relative's suicide is still read by a cue, and a card comes."""
    m = matcher(site.catalogue)
    assert m is not None
    line = line_of(text, m)
    cued = [cid for rx, cid in (*m.compiled_firm, *m.compiled_cues) if rx.search(line)]
    assert cued and warning_signs(site.catalogue, text), line


@pytest.mark.parametrize(
    "text",
    [
        "kaster op med omgangssyge og har ikke spist siden i går, men drikker fint",
        "hans ældre bror har givet ham v-bucks i fødselsdagsgave",
        "min søn bliver tvunget til sex-undervisning selvom vi har sagt nej",
        # round 22's review: cues that fired on these are narrowed or blanked by a look-alike
        "katten er begyndt at ridse mig",
        "min baby er begyndt at ridse sig i ansigtet med neglene",
        "han er begyndt at skære selv i maden",
        "she has started to cut herself off from her friends",
        "han er begyndt at snitte sig en pil og bue",
        "hvad er tegn på at et barn er begyndt at skære sig",
        "hun forsøger at tage sit liv tilbage efter sygdommen",
        "kniven ligger lige nu i skuffen",
        "han har fået en kniv af farfar og vil ikke give den fra sig",
        # round 40: English "cutting" is spelled out as "selvskade" before the look-alikes
        "my son's been cutting videos all night for his youtube channel",
        "she is cutting down on sugar before the match",
        "he cut himself on a knife while cooking dinner",
        "she cut herself off from her friends after the move",
        # round 40's review: its own calm sentences that a new cue heard
        "took 5 mg melatonin to sleep",
        "she said she wishes I was dead because I took her phone",
        "she beats me every day at chess",
        "my dad hit my car backing out",
        "I was so touched by my dad's speech",
        "skilsmissen berører ham på en måde vi ikke havde ventet",
        "she stood at the edge of the diving board and wouldn't jump",
        "we don't want to live in Copenhagen anymore",
        # the look-alike blanks "hit me up about"; the few words left ("my dad _ dinner
        # tonight") read as danger to the layer alone (docs/danger.md, "Known wrong after
        # round 40")
        "my dad hit me up about dinner tonight",
        "she wants to end it with her boyfriend",
        # {pill} was "[a-z]*pill[a-z]*", so players read as pills (round 40)
        "træneren tog en masse spillere med hjem efter kampen",
        "min søn har spist hele pillow-fortet op",
    ],
)
def test_no_cue_fires_on_calm_text_the_learned_layer_misreads(site: Site, text: str) -> None:
    """The rule's own words stay calm on these (look-alikes blank them, no cue names them);
    the learned layer alone gave each of them the full card at some round since round 20
    (docs/danger.md, "Known wrong"), which calm training text of their kind must cure, not
    a pattern."""
    m = matcher(site.catalogue)
    assert m is not None
    line = line_of(text, m)
    assert not [cid for rx, cid in (*m.compiled_firm, *m.compiled_cues) if rx.search(line)], line


@pytest.mark.parametrize(
    "text",
    [
        "kæresten slår mig haha",
        "vil dø lol. ikke lol",
        "mor slår hver dag lol",
    ],
)
def test_laughter_does_not_take_the_card_away(site: Site, text: str) -> None:
    """Danger told with "haha" or "lol" gets the full card (AZ, round 26): a joke's laughter
    is no proof that nothing is wrong."""
    assert warning_signs(site.catalogue, text).concerns, text


@pytest.mark.parametrize(
    "text",
    [
        "kæresten slår mig i padel haha",
        "far slår mig i armlægning hver gang lol",
        "min onkel slår mig i bordtennis hver jul lol",
        "han skar sig i fingeren på en kniv",
        "min datter er begyndt at skære agurker til madpakken",
        "han skærer kødet ud til aftensmad",
        # round 29 (from BE)
        "skar mig ved barbering",
        "jeg skar mig på en konservesdåse, skal det syes",
        # round 31: "we play" is the game, as before the look-alike spelled its words out
        "han dræber mig når vi spiller fortnite haha",
    ],
)
def test_a_game_lost_or_a_meal_cut_is_not_the_full_card(site: Site, text: str) -> None:
    """Beaten at a game, a cut finger, food cut up, shaving: at most "Hvis det er akut" (round
    26's review found the first six given the full card once laughter or a look-alike moved)."""
    assert not warning_signs(site.catalogue, text).concerns, text


def test_looking_for_a_missing_child_is_not_read_as_psychosis(site: Site) -> None:
    """'leder efter ham' is the parents searching; 'de er ude efter ham' is the paranoid
    thought. The card for a missing child must not also speak of psychosis."""
    searching = warning_signs(site.catalogue, "min søn er forsvundet og min mand leder efter ham")
    assert "akut-psykose" not in searching.concerns
    assert "akut-psykose" in warning_signs(site.catalogue, "han siger de er ude efter ham").concerns


@pytest.mark.parametrize(
    "text",
    [
        "cutter videoer til youtube",
        "skar sig i fingeren",
        "asdf",
        "xq zzv",
        "dør af grin",
        # cutting vegetables, and a small child cutting up his own food (round 24)
        "skærer tomaterne",
        "snitter agurken",
        "skære selv i maden",
        # a thing, not a person, that "tager livet af mig" (round 25)
        "stress tager livet af mig",
        # the commonest worry of all must not bring even "Hvis det er akut"
        "vil ikke i skole",
    ],
)
def test_no_card_at_all_for_a_blanked_look_alike_or_words_nobody_wrote(
    site: Site, text: str
) -> None:
    """Not even the soft card: when the look-alike guards blank every word, or no word is one
    the learned layer has weighed, its bias alone (how much danger its training text held)
    must not speak for the text."""
    assert not warning_signs(site.catalogue, text), text


def read(split: str) -> list[tuple[str, str]]:
    """The (kind, text) rows of one split of the danger corpus."""
    lines = (CORPUS / f"{split}.tsv").read_text(encoding="utf-8").splitlines()
    return [(k, t) for k, t in (line.split("\t", 1) for line in lines)]


def test_the_tuning_split_keeps_its_recall_and_false_alarm_rate(site: Site) -> None:
    """A regression guard on the text the rule was tuned and trained on (bench/danger.py
    measures the held-out splits, docs/danger.md records them): at least 96 % of the danger
    phrasings get the full card (98.9 % when this was written), and at most 1 % of ordinary
    and near-miss text gets it (0.0 %)."""
    rows = read("tune")
    danger = [t for k, t in rows if k not in ("ordinary", "near-miss")]
    calm = [t for k, t in rows if k in ("ordinary", "near-miss")]
    missed = [t for t in danger if not warning_signs(site.catalogue, t).concerns]
    alarms = [t for t in calm if warning_signs(site.catalogue, t).concerns]
    assert len(danger) >= 2000 and len(calm) >= 1000
    assert len(missed) <= 0.04 * len(danger), len(missed)
    assert len(alarms) <= 0.01 * len(calm), alarms


def test_the_veto_turns_a_cues_false_alarm_into_the_soft_card(site: Site) -> None:
    """A hand-written cue matches some calm text ('han skar sig lidt første gang han barberede
    sig'); where the learned layer scores it far below danger, the family gets the soft card
    ("Hvis det er akut", still with 112) instead of the full one. Danger a cue matches keeps
    the full card."""
    m = matcher(site.catalogue)
    assert m is not None and m.weights is not None
    cued = [(k, t) for split in ("tune", "train-k") for k, t in read(split) if _cued(m, t)]
    calm = [t for k, t in cued if k in ("ordinary", "near-miss")]
    danger = [t for k, t in cued if k not in ("ordinary", "near-miss")]
    softened = [t for t in calm if not (s := warning_signs(site.catalogue, t)).concerns and s.soft]
    kept = [t for t in danger if warning_signs(site.catalogue, t).concerns]
    assert len(calm) >= 20 and len(softened) >= 0.5 * len(calm), (len(softened), len(calm))
    assert len(kept) >= 0.99 * len(danger), set(danger) - set(kept)


def test_a_long_messages_cue_is_vetoed_by_what_surrounds_it(site: Site) -> None:
    """In a long message (several stretches) the veto model reads the stretches a cue matched
    (round 42): a calm long story whose cue is a danger's word told as over gets the soft
    card, and a long message whose cue heard danger keeps the full one (training text of
    long writers: all 324 calm and 1,410 of 1,419 danger messages when this was written)."""
    m = matcher(site.catalogue)
    assert m is not None and m.weights is not None and m.weights.long_vetoer
    cued = [
        (k, t)
        for split in ("train-bh", "train-bj", "train-bl", "train-bw")
        for k, t in read(split)
        if len(stretches(line_of(t, m).split(), m.weights.stretch)) > 1 and _cued(m, t)
    ]
    calm = [t for k, t in cued if k in ("ordinary", "near-miss")]
    danger = [t for k, t in cued if k not in ("ordinary", "near-miss")]
    softened = [t for t in calm if not (s := warning_signs(site.catalogue, t)).concerns and s.soft]
    kept = [t for t in danger if warning_signs(site.catalogue, t).concerns]
    assert len(calm) >= 200 and len(softened) >= 0.95 * len(calm), (len(softened), len(calm))
    assert len(kept) >= 0.98 * len(danger), (len(kept), len(danger))


def _cued(m: Matcher, text: str) -> bool:
    """Whether a hand-written cue matches the text (read once, not once per cue)."""
    line = line_of(text, m)
    return any(rx.search(line) for rx, _ in m.compiled_cues)


def test_the_learned_weights_are_trained_on_this_corpus_for_these_words(site: Site) -> None:
    """navigator/answers/danger_weights.json was written by scripts/train_danger.py from the
    committed tuning text (never a held-out split) and with the catalogue's danger words as they are
    now; edit a spelling, class or guard, or the corpus, and this fails until it is retrained."""
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    trained = {t["file"]: t["sha256"] for t in data["trained_on"]}
    assert "tests/fixtures/danger/tune.tsv" in trained
    assert not any("heldout" in f for f in trained), "never the measured splits"
    held = {t["file"]: t["sha256"] for t in data["held_out"]}
    splits = {
        p.relative_to(CORPUS.parent.parent.parent).as_posix() for p in CORPUS.glob("heldout-*")
    }
    assert set(held) == splits, "retrain: a held-out split's texts are left out of training"
    for file, digest in {**trained, **held}.items():
        path = Path(__file__).parent.parent / file
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, f"retrain: {file}"
    m = matcher(site.catalogue)
    assert m is not None and m.weights is not None, "retrain: python scripts/train_danger.py"
    assert set(data["concerns"]) <= m.urgent
    # since round 41 a short text's veto has a model of its own, learned on text a cue matched
    assert m.weights.vetoer and len(data["bias"]) == len(data["concerns"]) + 2


def test_the_learned_layer_hears_wording_no_cue_names(site: Site) -> None:
    """Wording the hand-written cues miss still brings the full card through the learned
    weights (97 of the 306 such phrasings it was trained on when this was written)."""
    m = matcher(site.catalogue)
    assert m is not None and m.weights is not None
    rows = read("train-k")
    danger = [t for k, t in rows if k not in ("ordinary", "near-miss")]
    uncued = [t for t in danger if not _cued(m, t)]
    heard = [t for t in uncued if warning_signs(site.catalogue, t).concerns]
    assert len(uncued) >= 50 and len(heard) >= 0.25 * len(uncued), (len(heard), len(uncued))


def test_the_browser_hears_exactly_what_python_hears(site: Site) -> None:
    """danger.js and find.js's warningSigns, on the tables Python sends, give the same kinds
    (full and soft, in the same order) for the whole corpus, both splits, and odd input."""
    # train-bk: long messages, read in several stretches
    texts = [t for split in ("tune", "train-h", "train-k", "train-bk") for _, t in read(split)]
    texts += IDS + ["", " ", "x" * 10_000, "ÆØÅ æøå", "dø " * 2000, "١٠ selvmord", "\u2028"]
    data = {
        "danger": {"rule": _tables(site), "order": _order(site), "soft": "akut-usikker"},
        "concerns": [{"id": c} for c in site.catalogue.concerns],
        "phrases": _phrases(site),
        "narrower": {},
    }
    script = (
        "const f=require(process.argv[2]);let s='';process.stdin.on('data',d=>s+=d)"
        ".on('end',()=>{const x=JSON.parse(s);console.log(JSON.stringify("
        "x.texts.map(t=>f.warningSigns(x.data,t))))})"
    )
    answers = run_node(script, {"data": data, "texts": texts}, DANGER_JS, FIND_JS, timeout=120)
    expected = [warning_signs(site.catalogue, t) for t in texts]
    assert [(a["concerns"], a["soft"]) for a in answers] == [
        (list(e.concerns), list(e.soft)) for e in expected
    ]


def test_a_long_text_is_read_in_overlapping_stretches_that_cover_it() -> None:
    """Every word of a long text is in a stretch, each stretch starts half a stretch after the
    one before, and the last ends with the text; a short text is one stretch."""
    words = [f"w{i}" for i in range(95)]
    parts = stretches(words, 40)
    assert [p[0] for p in parts] == ["w0", "w20", "w40", "w55"]
    assert all(len(p) == 40 for p in parts) and parts[-1][-1] == "w94"
    assert stretches(words[:40], 40) == [words[:40]] and stretches(words, 0) == [words]


# Long messages of our own (round 33): one or two sentences of danger inside a story of school,
# divorce and waiting lists. Round 32, which read the whole text at once, gave the self-harm
# one only the soft card: its calm run-up outweighed the sentence.
LONG_DANGER = [
    (
        "selvmordstanker",
        "Hej. Vi er en familie på fem, og det er vores mellemste, en pige på 14, det drejer sig "
        "om. Hun har altid været glad for skolen, men siden sommerferien er hun faldet fra i flere "
        "fag, og lærerne siger at hun sidder for sig selv i frikvartererne. Vi har haft et møde "
        "med klasselæreren og AKT, og PPR er inde over, men der går lang tid før der sker noget. "
        "Hun sover dårligt og spiser mindre end før. I går aftes sagde hun til mig at hun ikke "
        "vil leve mere og at det hele ville være lettere uden hende. Min mand synes vi skal vente "
        "og se, men jeg ved ikke hvad vi skal gøre. Hvem kan vi ringe til?",
    ),
    (
        "selvskade",
        "Min søn på 16 går i 1.g og har haft det svært siden vi blev skilt for et år siden. Han "
        "bor hos mig hver anden uge og hos sin far resten af tiden, og det er ikke altid let at få "
        "talt sammen. Han spiller meget computer og har ikke mange venner i klassen. Vi står på "
        "venteliste til en psykolog gennem lægen, og der er flere måneders ventetid. Da jeg "
        "vaskede tøj i weekenden fandt jeg friske snitsår på hans underarme, og han har gået med "
        "lange ærmer hele ugen. Skal jeg sige det til hans far først, eller hvad gør man?",
    ),
    (
        "vold-eller-overgreb",
        "Jeg er lærer i en 7. klasse og skriver fordi jeg er usikker på hvad jeg skal gøre. En af "
        "mine elever har haft meget fravær i efteråret, og forældrene har været til samtale to "
        "gange. Hun er dygtig, men virker træt og trist, og hun har trukket sig fra sine "
        "veninder. Vi har talt om at inddrage PPR, og skolens sundhedsplejerske kender hende. I "
        "dag fortalte hun mig at hendes stedfar slår hende når moren er på arbejde, og at hun "
        "ikke tør gå hjem i eftermiddag. Hvad gør jeg nu?",
    ),
]
LONG_CALM = [
    "Vores datter på 15 forsøgte at tage sit liv for to år siden og var indlagt et stykke tid. "
    "Siden har hun gået i behandling i børne- og ungdomspsykiatrien, og det er gået rigtig godt. "
    "Hun er glad, har fået nye venner og trives i skolen, og behandlingen blev afsluttet i "
    "foråret. Nu skal hun starte på efterskole efter sommerferien, og vi overvejer om vi skal "
    "fortælle skolen om det der skete dengang, eller om hun selv skal bestemme det. Hvordan gør "
    "andre forældre?",
    "Min søn på 9 har ADHD og går i en specialklasse. Han har svært ved overgange og bliver "
    "hurtigt vred, men det er blevet meget bedre med medicin og faste rammer. Han har en sød "
    "kontaktperson, og vi har et godt samarbejde med skolen. Hans bedstefar døde i sommer, og "
    "han taler meget om døden og om hvor morfar er nu. Han har set en film om en dreng der "
    "mister sin far, og han spørger om vi også skal dø. Hvordan taler man med et barn på den "
    "alder om døden?",
]


@pytest.mark.parametrize(("kind", "text"), LONG_DANGER)
def test_one_sentence_of_danger_in_a_long_message_brings_its_card(
    site: Site, kind: str, text: str
) -> None:
    """A parent who explains the whole situation gets the full card for the one sentence that
    matters, with its kind's section."""
    m = matcher(site.catalogue)
    assert m is not None and m.weights is not None
    assert len(stretches(line_of(text, m).split(), m.weights.stretch)) > 1, "not long enough"
    assert kind in warning_signs(site.catalogue, text).concerns


@pytest.mark.parametrize("text", LONG_CALM)
def test_a_long_calm_story_in_dangers_words_is_not_the_full_card(site: Site, text: str) -> None:
    """An attempt two years ago and treated, a grandfather's death: the stretch with the danger's
    words does not give the full card when the story says it is over."""
    assert not warning_signs(site.catalogue, text).concerns


def _tables(site: Site) -> object:
    from navigator.answers.danger import tables

    return tables(site.catalogue)


def _order(site: Site) -> list[str]:
    from navigator.answers.danger import order

    return order(site.catalogue)


def _phrases(site: Site) -> Mapping[str, tuple[str, ...]]:
    return site.catalogue.concern_phrases()


def test_words_are_folded_spelled_out_joined_and_repaired(site: Site) -> None:
    m = matcher(site.catalogue)
    assert m is not None
    assert line_of("Vil ik leve mer", m) == " vil ikke leve mere "
    assert line_of("selv mords tanker", m) == " selvmords tanker "
    assert line_of("afskedbrev", m) == " afskedsbrev "
    assert line_of("ikke leev mere", m) == " ikke leve mere "
    assert line_of("han dør af grin", m) == " han _ "
    # Swedish and Norwegian spelling of danger's words (round 42, from reading BX)
    assert line_of("hon vill inte leva mer", m) == " hun vil ikke leve mere "
    assert line_of("självmordstankar", m) == " selvmordstanker "
    assert line_of("han hadde tatt piller", m) == " han havde taget piller "
    # but not "av", which is also Danish for "ouch" (a paper cut is not "stukket af")
    assert " av " in line_of("skar mig på papir, av", m)
    assert fold("Tænker på at dø") == fold("tenker paa at doe") == "tenker pa at do"


def test_a_pattern_compiles_to_words_in_order_with_gaps() -> None:
    classes = {"self": "sig|mig"}
    assert elements("(kaster op|kast) ~2 {self}") == ["(kaster op|kast)", "~2", "{self}"]
    rx = compile_pattern("skar ~1 {self}", classes)
    assert re.search(rx, " hun skar lige sig ") and re.search(rx, " hun skar sig ikke ")
    assert not re.search(rx, " skar et stykke sig ") and not re.search(rx, " sig skar ")
    with pytest.raises(ValueError, match="unknown word class"):
        compile_pattern("{nobody}", classes)
    with pytest.raises(ValueError, match="shared regex subset"):
        compile_pattern("dø", classes)


def test_a_word_written_with_typed_out_danish_letters_meets_the_folded_text(site: Site) -> None:
    """'naboen' and 'broen' are folded to 'nabon' and 'bron' (oe → o) before they are matched;
    a pattern that says 'naboen' matches both, and 'slaet' (the fold of 'slået') still
    matches itself."""
    rx = compile_pattern("(naboen|far) ~2 slaet", {})
    assert re.search(rx, f" {fold('naboen har slået')} ")
    assert re.search(rx, " naboen har slaet "), "the written form stays"
    assert not re.search(compile_pattern("broen?", {}), " bron "), "a quantified run is kept"
    assert with_folded("x[a-oe]y") == "x[a-oe]y", "letters in a character class are left alone"
    cat = site.catalogue
    assert "selvmordsplaner" in warning_signs(cat, "hun vil hoppe fra broen").concerns
    assert "vold-eller-overgreb" in warning_signs(cat, "naboen slår hende").concerns
    # in a word class too ('naboen' is in {adult})
    assert "vold-eller-overgreb" in warning_signs(cat, "naboen har slået hende").concerns


def test_validate_reports_every_bad_pattern_at_its_place(tmp_path: Path) -> None:
    case = (
        "review: {last_reviewed: 2025-01-15, next_review: 2026-01-15, owner: T}\n"
        "danger:\n  classes: {self: 'sig|mig'}\n  guards: ['{nope} ihjel']\n"
        "  order: [ukendt]\n"
        "concerns:\n  - id: fare\n    label: Fare\n    urgent: true\n"
        "    cues: ['(skar', 'skar {self}']\n"
        "    right_now: Ring 112.\n    right_now_sources: [testkilde-kommune]\n"
        "    sources: [testkilde-kommune]\n    fact_status: verified\n"
        "  - id: rolig\n    label: Rolig\n    cues: [rolig]\n"
        "    sources: [testkilde-kommune]\n    fact_status: verified\n"
    )
    assert check_text(tmp_path, case) == [
        "case.yaml:4:12: error: danger pattern '{nope} ihjel': unknown word class '{nope}'",
        "case.yaml:5:11: error: 'order' names 'ukendt', which is not an urgent concern",
        "case.yaml:10:12: error: danger pattern '(skar': '(skar' is not a regular expression: "
        "missing ), unterminated subpattern at position 0",
        "case.yaml:17:11: error: 'cues' on 'rolig', which is not urgent: add 'urgent: true'",
    ]


def test_only_the_first_1000_characters_are_read(site: Site, client: FlaskClient) -> None:
    assert danger_concerns(site.catalogue, "x " * 500 + "vil ikke leve mere") == []
    assert danger_concerns(site.catalogue, "vil ikke leve mere " + "x " * 5000) == [
        "selvmordstanker"
    ]
    long = "vil ikke leve mere " + "ord " * 16_000  # 64 KB
    page = client.get("/find.json", query_string={"bekymring": long}).get_json()
    assert len(page["question"]["bekymring"]) == 1000, "cut before any work, echoed cut"
    assert page["help_now"]["kinds"][0]["id"] == "selvmordstanker"


# ---- through the Flask client ------------------------------------------------------------


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_find_puts_the_card_before_every_service(client: FlaskClient) -> None:
    html = client.get("/find/?alder=15&bekymring=taler+om+selvmord").get_data(as_text=True)
    assert "Vi kunne ikke genkende bekymringen" not in html
    card, results = html.index('id="faa-hjaelp-nu"'), html.index('class="vv-results"')
    assert card < results
    text = _text(html[card:results])
    assert "Ring 112" in text and "Livslinien" in text and "Tanker om at tage sit liv" in text
    assert "1813" not in text, "no region chosen: never 1813 as if it were national"
    assert 'href="/akut/"' in html[card:results]
    assert 'href="None"' not in html


def test_every_link_on_every_card_leads_somewhere(client: FlaskClient, site: Site) -> None:
    """The bug issue 15 found: an address rendered as <a href="None">. For each kind in each
    region, every href on the card is a tel:, an https page, or a page of the guide."""
    kommuner = ("gentofte", "bornholm", "roskilde", "odense", "aarhus", "aalborg")
    for text, kinds in TABLE:
        if not kinds:
            continue
        for kommune in kommuner:
            html = client.get(
                "/find/", query_string={"bekymring": text, "kommune": kommune}
            ).get_data(as_text=True)
            card = html[
                html.index('id="faa-hjaelp-nu"') : html.index(
                    "</section>", html.index('id="faa-hjaelp-nu"')
                )
            ]
            for href in re.findall(r'href="([^"]*)"', card):
                assert href.startswith(("tel:", "sms:", "https://", "http://", "/")), href
                if href.startswith("/"):
                    assert client.get(href.split("#")[0]).status_code == 200, href


def test_find_json_gives_the_same_card(client: FlaskClient) -> None:
    data = client.get("/find.json?bekymring=har+skrevet+et+afskedsbrev").get_json()
    card = data["help_now"]
    assert [k["id"] for k in card["kinds"]] == ["selvmordsplaner"]
    assert [u["id"] for u in card["kinds"][0]["lines"]] == ["livslinien"]
    assert card["region"] is None and card["general"] == [] and card["akut_url"] == "/akut/"
    assert client.get("/find.json?bekymring=ondt+i+maven").get_json()["help_now"] is None


def test_the_card_gives_the_familys_own_region(client: FlaskClient) -> None:
    midt = client.get("/find.json?bekymring=spiser+ingenting&kommune=favrskov").get_json()
    card = midt["help_now"]
    assert card["region"]["id"] == "region-midtjylland"
    numbers = [c["value"] for u in card["general"] for c in u["contacts"]]
    assert "70 11 31 31" in numbers and "1813" not in numbers
    assert card["kinds"][0]["lines"] == [], "no Livslinien for an eating disorder"
    hovedstaden = client.get("/find.json?bekymring=cutter+sig&kommune=gentofte").get_json()
    assert "1813" in [c["value"] for u in hovedstaden["help_now"]["general"] for c in u["contacts"]]


def test_abuse_is_never_met_with_child_psychiatry(client: FlaskClient, site: Site) -> None:
    for kommune in ("gentofte", "roskilde", "odense", "aarhus", "aalborg"):
        card = client.get(
            "/find.json", query_string={"bekymring": "stedfar slår ham", "kommune": kommune}
        ).get_json()["help_now"]
        ids = [u["id"] for u in card["general"]] + [
            u["id"] for k in card["kinds"] for u in k["lines"]
        ]
        assert not [i for i in ids if "psyk" in i], ids
        assert "politiet-114" in ids and "boernetelefonen" in ids


def _kommune_on_card(client: FlaskClient, kommune: str, text: str = "stedfar slår ham") -> Any:
    card = client.get("/find.json", query_string={"bekymring": text, "kommune": kommune})
    return card.get_json()["help_now"]["kinds"][0]["kommune"]


def test_the_abuse_card_gives_the_kommunes_own_number_for_an_underretning(
    client: FlaskClient,
) -> None:
    """The card says "Sig det til kommunen"; it also gives the way in: the kommune's family
    counselling by day, then its social duty after hours, as tel: links with their hours. A
    line open day and night (BørneTelefonen) comes before the sexual-assault centre's two
    mornings a week."""
    card = client.get(
        "/find.json", query_string={"bekymring": "stedfar slår ham", "kommune": "koebenhavn"}
    ).get_json()["help_now"]
    ids = [u["id"] for u in card["kinds"][0]["lines"]]
    assert ids.index("boernetelefonen") < ids.index("center-seksuelle-overgreb-rh")
    kommune = card["kinds"][0]["kommune"]
    assert kommune["name"] == "Københavns Kommune" and not kommune["missing"]
    hrefs = [c["href"] for c in kommune["contacts"]]
    assert hrefs[0] == "tel:33172337", "the family counselling by day first"
    assert hrefs[-1] == "tel:33173333" and "Socialvagt" in kommune["contacts"][-1]["label"]
    assert all(c["hours"] for c in kommune["contacts"]) and len(set(hrefs)) == len(hrefs)
    html = client.get(
        "/find/", query_string={"bekymring": "stedfar slår ham", "kommune": "koebenhavn"}
    ).get_data(as_text=True)
    card_html = html[html.index('id="faa-hjaelp-nu"') : html.index("</section>")]
    assert '<a href="tel:33173333">33 17 33 33</a>' in card_html


def test_where_the_kommune_has_only_the_police_after_hours_its_daytime_way_is_given(
    client: FlaskClient,
) -> None:
    """Køge's social duty after hours is the police (114): the card also gives its family
    counselling's page and its main number, and whom to ask for there, so a parent at ten in
    the morning is not told that the kommune's number is 114. One page that is both ways in
    (Vesthimmerland) is given once, with the main number beside it; an e-mail is a way in too."""
    koege = _kommune_on_card(client, "koege")
    values = [c["value"] for c in koege["contacts"]]
    assert "114" in values and "56 67 67 67" in values and values[0] != "114"
    assert koege["ask_for"] == "Børne- og familierådgivning" and not koege["missing"]
    vest = _kommune_on_card(client, "vesthimmerland")
    hrefs = [c["href"] for c in vest["contacts"]]
    assert len(hrefs) == len(set(hrefs)) and "tel:99667000" in hrefs
    kerteminde = _kommune_on_card(client, "kerteminde")
    assert kerteminde["contacts"][0]["href"].startswith("mailto:") and not kerteminde["missing"]


def test_a_kommune_without_a_number_for_it_says_so_and_gives_its_website(
    client: FlaskClient,
) -> None:
    part = _kommune_on_card(client, "solroed")
    assert part["missing"] and [c["type"] for c in part["contacts"]] == ["web"]
    html = client.get(
        "/find/", query_string={"bekymring": "stedfar slår ham", "kommune": "solroed"}
    ).get_data(as_text=True)
    assert "Vi har ikke kommunens nummer til det" in html
    # only where the kind asks for it: a suicide card gives no social duty
    other = client.get(
        "/find.json", query_string={"bekymring": "vil ikke leve mere", "kommune": "koebenhavn"}
    ).get_json()["help_now"]
    assert all(k["kommune"] is None for k in other["kinds"])
    # and never without a kommune (a region alone does not say which kommune)
    regional = client.get(
        "/find.json",
        query_string={"bekymring": "stedfar slår ham", "kommune": "region-nordjylland"},
    ).get_json()["help_now"]
    assert regional is None or all(k["kommune"] is None for k in regional["kinds"])


def test_a_single_high_risk_word_gives_the_soft_card(client: FlaskClient) -> None:
    """A vague fear ("noget dumt") is not enough for the full card, but 112 is still there.
    ("jeg kan ikke mere" was the example until round 4: it now gives the full card for
    suicide thoughts, which is the safer reading of a young person's words.)"""
    ask = "jeg+er+bange+for+han+g%C3%B8r+noget+dumt"
    card = client.get(f"/find.json?bekymring={ask}").get_json()["help_now"]
    assert card["soft"] and [k["id"] for k in card["kinds"]] == ["akut-usikker"]
    html = client.get(f"/find/?bekymring={ask}").get_data(as_text=True)
    assert "Hvis det er akut" in html and 'Ring <a href="tel:112">112</a>' in html


def test_the_card_comes_even_when_another_answer_is_wrong(client: FlaskClient) -> None:
    html = client.get("/find/?alder=hundrede&bekymring=vil+ikke+leve+mere").get_data(as_text=True)
    assert "Tjek jeres svar" in html and 'id="faa-hjaelp-nu"' in html


def test_search_puts_the_card_before_the_results(client: FlaskClient) -> None:
    html = client.get("/soeg/?q=hun+skader+sig+selv").get_data(as_text=True)
    card = html.index('id="faa-hjaelp-nu"')
    assert card < html.index("resultat")
    data = client.get("/soeg.json?q=taler+om+selvmord").get_json()
    assert data["help_now"]["kinds"][0]["lines"][0]["id"] == "livslinien"
    assert client.get("/soeg.json?q=skolev%C3%A6gring").get_json()["help_now"] is None


# ---- the region helpers ---------------------------------------------------------------------


def test_region_of_follows_part_of(site: Site) -> None:
    assert region_of(site.catalogue, "favrskov") == "region-midtjylland"
    assert region_of(site.catalogue, "gentofte") == "region-hovedstaden"
    assert region_of(site.catalogue, "ingen-kommune") is None


def test_urgent_help_puts_the_regions_own_first_and_never_another_regions(site: Site) -> None:
    found = urgent_help(site.catalogue, "region-nordjylland")
    own = [s for s in found if s.area_served]
    assert own and all("region-nordjylland" in s.area_served for s in own)
    assert found[: len(own)] == own
    assert all(not s.area_served for s in urgent_help(site.catalogue, None))


def test_validate_asks_a_warning_sign_for_advice_and_its_sources(tmp_path: Path) -> None:
    case = (
        "review: {last_reviewed: 2025-01-15, next_review: 2026-01-15, owner: T}\n"
        "concerns:\n  - id: fare\n    label: Fare\n    urgent: true\n"
        "    sources: [testkilde-kommune]\n    fact_status: verified\n"
    )
    assert check_text(tmp_path, case) == [
        "case.yaml:3:5: warning: urgent concern 'fare' has no 'right_now' (what parents "
        "can do now, shown on the 'Få hjælp nu' card)"
    ]


def test_one_find_reads_the_words_for_danger_once(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The themes and the card ask what the same words speak of; the rule runs once for both
    (issue 19: a long text cost three runs)."""
    from navigator.answers import danger

    calls: list[str] = []
    real = danger.line_of

    def counted(text: str, m: object) -> str:
        calls.append(text)
        return real(text, m)  # type: ignore[arg-type]

    monkeypatch.setattr(danger, "line_of", counted)
    words = "min datter taler om at hun ikke vil leve mere og har skrevet et brev 4711"
    answer = client.get("/find/", query_string={"alder": "14", "bekymring": words})
    assert answer.status_code == 200 and "Få hjælp nu" in answer.text
    assert calls == [words]
