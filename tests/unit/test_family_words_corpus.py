"""The replacement engine on 66 case-note sentences: each must come out exactly as written here.

The expected outputs were written before the engine, as a parent should read them. Names are
invented. The first three are the broken sentences quoted in issue 17.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conference.language.plain_language import (
    GlossaryError,
    apply_suggestion,
    check_document,
    family_words,
    load_glossary,
)

CORPUS: list[tuple[str, str]] = [
    # The three sentences issue 17 quotes as broken by the old replacements.
    (
        "Mum has shown disguised compliance.",
        "Mum seemed to go along with the plan but did not change.",
    ),
    (
        "Whether a PLO meeting is needed will be decided next week.",
        "Whether a meeting about the steps before the council can ask a court to decide "
        "is needed will be decided next week.",
    ),
    (
        "Dad's non-engagement with the DAPP and with the CIN plan.",
        "Dad is not taking part in the domestic abuse course or the child in need plan.",
    ),
    # Acronyms used as nouns: written out, articles fixed.
    ("The SW visited on Monday.", "The social worker visited on Monday."),
    ("An ICPC was held in March.", "A first child protection meeting was held in March."),
    ("Mia was seen by the HV at home.", "Mia was seen by the health visitor at home."),
    ("Leo was referred to CAMHS.", "Leo was referred to the children's mental health service."),
    ("The LA will pay for the nursery.", "The council will pay for the nursery."),
    ("Jo has an EHCP.", "Jo has an education, health and care plan."),
    ("Ava sees the SALT every week.", "Ava sees the speech and language therapist every week."),
    ("The TA sits with Ben in class.", "The teaching assistant sits with Ben in class."),
    ("SW to visit weekly.", "Social worker to visit weekly."),
    ("Two ICPCs were held last year.", "Two first child protection meetings were held last year."),
    ("The FSW will help with routines.", "The family support worker will help with routines."),
    ("Mum called the DV helpline.", "Mum called the domestic abuse helpline."),
    ("There is a history of DV.", "There is a history of domestic abuse."),
    ("Kai has ADHD.", "Kai has attention deficit hyperactivity disorder."),
    ("Nell has PTSD after the fire.", "Nell has post-traumatic stress disorder after the fire."),
    (
        "The case went to MASH.",
        "The case went to the team that first looks at worries about a child.",
    ),
    # Acronyms used before a noun.
    ("The CP plan will be reviewed.", "The child protection plan will be reviewed."),
    ("Zac is on a CIN plan.", "Zac is on a child in need plan."),
    ("A CAMHS appointment is booked.", "A children's mental health service appointment is booked."),
    ("The SW report was shared.", "The social worker report was shared."),
    ("An HV visit is due.", "A health visitor visit is due."),
    ("The TAF meeting is on Friday.", "The team around the family meeting is on Friday."),
    # Suggest-only phrases keep their words, but any acronym inside them is written out.
    ("The CIN plan has ended.", "The child in need plan has ended."),
    ("The core group will meet monthly.", "The core group will meet monthly."),
    # Titles.
    ("DC Joe Marsh spoke to Mia.", "Joe Marsh (police officer) spoke to Mia."),
    ("PC Anna Kowalski attended.", "Anna Kowalski (police officer) attended."),
    ("PC Kowalski will call Mum.", "Kowalski (police officer) will call Mum."),
    ("DS Ray Okon leads the case.", "Ray Okon (police officer) leads the case."),
    ("Mum will see the GP on Tuesday.", "Mum will see the family doctor on Tuesday."),
    ("The GP has not seen Leo this year.", "The family doctor has not seen Leo this year."),
    ("Ask your GP.", "Ask your family doctor."),
    # Numeric dates become words; fractions and scores stay numbers.
    ("Police were called on 29/10.", "Police were called on 29 October."),
    ("The review is on 3/2/2027.", "The review is on 3 February 2027."),
    ("Seen by the HV on 14/09/26.", "Seen by the health visitor on 14 September 2026."),
    ("By 1/12 Dad will have a place.", "By 1 December Dad will have a place."),
    ("Mia scored 6/10 at school.", "Mia scored 6/10 at school."),
    ("She ate 3/4 of her lunch.", "She ate 3/4 of her lunch."),
    ("Leo was weighed on 29.10.2026.", "Leo was weighed on 29 October 2026."),
    ("The score was 4/10 from the police.", "The score was 4/10 from the police."),
    ("Next visit 17/11.", "Next visit 17 November."),
    ("Nothing on 31/02 makes sense.", "Nothing on 31/02 makes sense."),
    # Plain English officialese.
    ("We will liaise with the school.", "We will keep in touch with the school."),
    ("Prior to the meeting Mum was upset.", "Before the meeting Mum was upset."),
    ("In order to help, Nan will stay.", "To help, Nan will stay."),
    ("Dad will commence the course.", "Dad will start the course."),
    ("The genogram was updated.", "The family tree was updated."),
    ("Complicating factors were discussed.", "Things that make it harder were discussed."),
    ("There is significant harm to Mia.", "There is serious harm to Mia."),
    ("Mum will utilise the help on offer.", "Mum will use the help on offer."),
    (
        "The safety network met twice.",
        "The family and friends who help keep the children safe met twice.",
    ),
    (
        "Dad has a dual diagnosis.",
        "Dad has a mental health problem and a drug or alcohol problem.",
    ),
    ("Leo's immunisations are late.", "Leo's immunisations are late."),
    # Words that must be left alone.
    ("Mia likes the sand pit.", "Mia likes the sand pit."),
    ("Mum said: I do NOT drink.", "Mum said: I do NOT drink."),
    ("We went to A&E on Sunday.", "We went to A&E on Sunday."),
    ("The NHS dentist saw Ava.", "The NHS dentist saw Ava."),
    ("Grandad watched TV with Kai.", "Grandad watched TV with Kai."),
    ("Salt was spilt on the floor.", "Salt was spilt on the floor."),
    ("Cinema trips on Saturday help.", "Cinema trips on Saturday help."),
    (
        "The Child Protection Conference Team sent a letter.",
        "The Child Protection Conference Team sent a letter.",
    ),
    (
        "Mum did well in her key stage tests at 10/11.",
        "Mum did well in her key stage tests at 10/11.",
    ),
    # Sentences with several changes.
    (
        "The SW and the HV will liaise with the GP prior to the RCPC.",
        "The social worker and the health visitor will keep in touch with the family doctor "
        "before the child protection review meeting.",
    ),
    (
        "DC Joe Marsh and the SW saw Mia on 2/11.",
        "Joe Marsh (police officer) and the social worker saw Mia on 2 November.",
    ),
]


def test_corpus_is_big_enough() -> None:
    assert len(CORPUS) >= 60
    assert len({source for source, _ in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize(("source", "expected"), CORPUS, ids=[s[:40] for s, _ in CORPUS])
def test_family_words(source: str, expected: str) -> None:
    assert family_words(source) == expected


def test_family_words_is_idempotent() -> None:
    for _source, expected in CORPUS:
        assert family_words(expected) == expected, expected


def test_a_councils_rewrite_is_used_first(tmp_path: Path) -> None:
    own = tmp_path / "ours.toml"
    own.write_text(
        '[[rewrite]]\npattern = "(?P<who>Mum) has shown disguised compliance"\n'
        'plain = "\\\\g<who> said yes but nothing changed"\n',
        encoding="utf-8",
    )
    glossary = load_glossary([own])
    assert family_words("Mum has shown disguised compliance.", glossary) == (
        "Mum said yes but nothing changed."
    )


def test_a_bad_rewrite_is_refused_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rewrite]]\npattern = "(unclosed"\nplain = "x"\n', encoding="utf-8")
    with pytest.raises(GlossaryError) as info:
        load_glossary([bad])
    message = str(info.value)
    assert "bad.toml, rewrite 1" in message and "\n" not in message


def test_accepting_a_title_or_date_finding_writes_the_words() -> None:
    text = "DC Joe Marsh will visit on 29/10."
    doc = {"conference": {"reason": text}}
    found = {f.kind: f for f in check_document(doc)}
    text = apply_suggestion(text, found["date"])
    assert text == "DC Joe Marsh will visit on 29 October."
    title = next(f for f in check_document({"conference": {"reason": text}}) if f.kind == "title")
    assert apply_suggestion(text, title) == "Joe Marsh (police officer) will visit on 29 October."
