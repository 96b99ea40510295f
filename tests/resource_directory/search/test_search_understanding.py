"""Query understanding: no word is required, everyday English and Spanish reach the directory's
vocabulary through data, and spelling never turns a real word into another."""

from __future__ import annotations

from pathlib import Path

import pytest

from resource_directory.search.backend import SearchQuery
from resource_directory.search.query_analysis import SynonymMap
from resource_directory.search.spelling import Dictionaries, fix_word


def everyday_directory(service):
    return [
        service("pantry", "Agape Food Pantry", description="Emergency groceries every Friday.",
                categories=["Food Pantry"], category_ancestors=["Food"]),
        service("hospice", "Coming Home Hospice", description="End of life care at home.",
                categories=["Hospice"]),
        service("apartments", "Lesley Terrace", description="Affordable housing for adults "
                "62 and over.", categories=["Independent Living"]),
        service("rent", "Housing Help Line", description="Rental assistance and deposits for "
                "families behind on rent.", categories=["Help Pay for Housing"]),
        service("dental", "Sonrisas Dental Center", description="Low cost dental care for "
                "children and adults.", categories=["Dental Care"]),
        service("energy", "REACH Energy Program", description="Pays PG&E bills for households "
                "facing a shut-off.", categories=["Help Pay for Utilities"]),
        service("bank", "Peninsula Bank Volunteers", description="Bank tellers who volunteer "
                "in schools."),
        service("daycare", "Little Steps", description="Licensed childcare for infants and "
                "toddlers.", categories=["Childcare"]),
        service("lunch", "Senior Lunch", description="Hot meals at noon.",
                categories=["Free Meals"]),
        service("shelter", "Safe Harbor", description="Emergency shelter and hot meals for "
                "homeless adults.", categories=["Emergency Shelter", "Free Meals"]),
    ]


@pytest.fixture
def everyday(open_backend, make_service):
    backend = open_backend("everyday")
    backend.rebuild(everyday_directory(make_service))
    return backend


def ranked(backend, text: str, **query) -> list[str]:
    return [hit.id for hit in backend.search(SearchQuery(text=text, **query)).hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("comida", "pantry"),
        ("vivienda", "apartments"),
        ("renta", "rent"),
        ("dentista", "dental"),
        ("ayuda con la luz", "energy"),
        ("clases de inglés", None),
        ("guardería", "daycare"),
    ],
)
def test_everyday_spanish_words_find_services(everyday, text, expected):
    hits = ranked(everyday, text)
    if expected is None:  # a need no service in this directory meets
        assert hits == []
    else:
        assert hits[0] == expected


def test_a_spanish_word_is_never_corrected_into_an_english_one(everyday):
    results = everyday.search(SearchQuery(text="comida"))
    assert results.corrections == {}
    assert "hospice" not in [hit.id for hit in results.hits]


class DirectoryWords:
    """A directory's vocabulary, as a backend supplies it to spelling."""

    def __init__(self, words: dict[str, int]) -> None:
        self.words = words

    def frequency(self, word: str) -> int:
        return self.words.get(word, 0)

    def near(self, word: str, maxdist: int) -> list[str]:
        from resource_directory.geography import edit_distance

        return sorted(
            (w for w in self.words if edit_distance(w, word) <= maxdist),
            key=lambda w: (edit_distance(w, word), -self.words[w]),
        )


DIRECTORY_WORDS = DirectoryWords({"coming": 3, "home": 9, "food": 12, "bank": 4, "rent": 5,
                                  "dental": 6, "pantry": 4, "housing": 8, "rental": 9,
                                  "fold": 7, "muelas": 1})
# The words people say for their needs: the shipped needs lexicon and synonyms.
SAID = SynonymMap.load()


@pytest.mark.parametrize(
    "word", ["coming", "comida", "luz", "renta", "dentist", "vivienda", "dentista", "ropa"]
)
def test_dictionary_words_are_never_changed(word):
    assert fix_word(word, DIRECTORY_WORDS) is None
    assert Dictionaries.languages_of(word) or DIRECTORY_WORDS.frequency(word)


@pytest.mark.parametrize(
    ("typed", "words", "how"),
    [("foodbank", ("food", "bank"), "split"), ("foood", ("food",), "spelling"),
     ("rennt", ("rent",), "spelling"), ("housng", ("housing",), "spelling")],
)
def test_unknown_words_are_split_or_corrected_towards_the_directory(typed, words, how):
    fix = fix_word(typed, DIRECTORY_WORDS)
    assert (fix.words, fix.how) == (words, how)


@pytest.mark.parametrize(
    ("typed", "words"),
    [("rentl", ("rent",)),  # "rent" names a need alone; "rental" is only part of a phrase
     ("fod", ("food",)),  # a three-letter word: one letter from a word people say
     ("sheltr", ("shelter",))],  # a word people say, though this directory never uses it
)
def test_unknown_words_are_read_as_the_words_people_say_for_needs(typed, words):
    assert fix_word(typed, DIRECTORY_WORDS, SAID).words == words


@pytest.mark.parametrize(
    "word",
    ["fod",  # without the needs lexicon a three-letter word is left alone
     "raite"],  # no dictionary has it, but it is what people say for a ride
)
def test_short_words_and_words_people_say_are_left_alone(word):
    assert fix_word(word, DIRECTORY_WORDS, SAID if word == "raite" else None) is None


@pytest.mark.parametrize("word", ["muebles", "baratos", "clases"])
def test_a_spanish_plural_is_a_real_word_not_a_typo(word):
    # The dictionaries hold singulars ("mueble"); two edits from "muelas" is no reason.
    assert not Dictionaries.languages_of(word)
    assert fix_word(word, DIRECTORY_WORDS, SAID) is None


def test_a_misspelled_need_finds_what_the_need_finds(open_backend, make_service):
    # "rentl" read as "rent" brings the need's phrases and categories, not just the word: the
    # fund never says "rent", but it is filed under the category that pays for housing.
    backend = open_backend("misspelled-need")
    backend.rebuild([
        make_service("fund", "Move-In Fund", description="Deposits for families moving home.",
                     categories=["Help Pay for Housing"]),
        make_service("music", "Instrument Library", description="Borrow a guitar or a drum."),
    ])
    results = backend.search(SearchQuery(text="rentl help"))
    assert results.corrections == {"rentl": "rent"}
    assert [hit.id for hit in results.hits] == ["fund"]


def test_a_corrected_word_is_read_within_its_phrase(everyday):
    results = everyday.search(SearchQuery(text="fod bank"))
    assert results.corrections == {"fod": "food"}
    # "food bank" is one need (the pantry), not "food" and a bank; said as it was typed.
    assert results.hits[0].id == "pantry"
    assert results.hits[0].explanation.matches[0].query_words == "fod bank"


def test_a_misspelled_word_is_corrected_towards_the_directory(everyday):
    results = everyday.search(SearchQuery(text="dentl care"))
    assert results.corrections == {"dentl": "dental"}
    assert results.hits[0].id == "dental"


def test_a_compound_is_split_into_the_directory_words(everyday):
    results = everyday.search(SearchQuery(text="foodpantry"))
    assert results.corrections == {"foodpantry": "food pantry"}
    assert results.hits[0].id == "pantry"


def test_two_words_the_directory_writes_as_one_are_joined(everyday):
    assert ranked(everyday, "child care")[0] == "daycare"


def test_no_word_is_required_services_matching_more_come_first(everyday):
    # The shelter serves hot meals too: it comes first, the lunch programme still follows.
    hits = ranked(everyday, "shelter with hot meals")
    assert hits[0] == "shelter"
    assert "lunch" in hits
    # Nothing is both a pantry and a meal service: both kinds come back.
    assert {"lunch", "shelter", "pantry"} <= set(ranked(everyday, "hot meals pantry"))


def test_a_word_only_some_services_use_is_not_a_veto(everyday):
    results = everyday.search(SearchQuery(text="emergency shelter for veterans tonight"))
    assert results.hits[0].id == "shelter"


def test_a_taxonomy_category_stands_in_for_words_the_service_does_not_use(everyday):
    # "Lesley Terrace" never says "apartment"; its category (Independent Living) is one the
    # housing needs lexicon names.
    assert "apartments" in ranked(everyday, "low income apartments")


@pytest.mark.parametrize(
    ("text", "phrase"),
    [("donde puedo dormir esta noche", "donde puedo dormir"),  # the phrase "donde dormir"
     ("me van a hacer corte de la luz", "corte de la luz"),  # the phrase "corte de luz"
     ("ayuda con la renta", "ayuda con la renta")],
)
def test_words_that_carry_no_need_may_stand_inside_a_phrase(text, phrase):
    from resource_directory.search.whoosh_backend import analyze_terms

    concepts = SAID.concepts(text, analyze_terms)
    assert phrase in [concept.words for concept in concepts]


def test_a_word_that_carries_a_need_breaks_a_phrase():
    from resource_directory.search.whoosh_backend import analyze_terms

    # "supplies" is no filler: "school supplies" is not "after school".
    words = [concept.words for concept in SAID.concepts("school supplies", analyze_terms)]
    assert words == ["school", "supplies"]


def test_a_need_said_with_filler_words_finds_its_services(everyday):
    assert ranked(everyday, "donde puedo dormir esta noche")[0] == "shelter"


def test_every_category_the_needs_lexicon_names_is_an_open_eligibility_term():
    import json

    from resource_directory.search.query_analysis import SHIPPED_LEXICON

    taxonomy = Path(SHIPPED_LEXICON).with_name("open_eligibility_v2.0.json")
    names = {term["name"] for term in json.loads(taxonomy.read_text())["terms"]}
    lexicon = json.loads(Path(SHIPPED_LEXICON).read_text(encoding="utf-8"))
    named = {term.split(">")[-1].strip() for need in lexicon["needs"] for term in need["terms"]}
    assert named - names == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("muebles para la casa", "furniture"),
        ("need a bed for my kids", "furniture"),
        ("clases de computación", "computers"),
        ("lost my id", "id"),
        ("mi hijo salió de la cárcel", "reentry"),
        ("someone to check on my grandma", "visits"),
    ],
)
def test_needs_the_lexicon_knows_find_services_filed_under_them(open_backend, make_service,
                                                                 text, expected):
    # None of these services uses the words typed: each is found through its category.
    backend = open_backend("lexicon")
    backend.rebuild([
        make_service("furniture", "Home Start", description="Vouchers for families moving in.",
                     categories=["Furniture"]),
        make_service("computers", "Tech Skills Lab", description="Learn Word and e-mail.",
                     categories=["Computer Class"]),
        make_service("id", "DMV Office", description="Issues cards and tests drivers.",
                     categories=["Identification Recovery"]),
        make_service("reentry", "Second Chance Center", description="Support after release.",
                     audiences=["Ex-Offenders"], categories=["Case Management"]),
        make_service("visits", "Senior Companions", description="Volunteers spend time with "
                     "older adults at home.", categories=["One-on-One Support"]),
        make_service("music", "Instrument Library", description="Borrow a guitar or a drum."),
    ])
    assert ranked(backend, text)[0] == expected


def test_two_words_people_write_with_a_hyphen_are_one(open_backend, make_service):
    # "medi cal" is Medi-Cal, not the word "medical" the directory also uses.
    backend = open_backend("hyphen")
    backend.rebuild([
        make_service("medi-cal", "Benefits Desk", description="Apply for Medi-Cal here."),
        make_service("records", "Medical Records Office", description="Copies of medical "
                     "records."),
    ])
    results = backend.search(SearchQuery(text="medi cal application"))
    assert results.corrections == {"medi cal": "medi-cal"}
    assert [hit.id for hit in results.hits] == ["medi-cal"]


@pytest.mark.parametrize(
    ("text", "needs"),
    [("need a lawyer, can't afford one", ["lawyer", "cant afford"]),
     ("is there a food bank that is open", ["food bank"]),
     ("they said we have to leave", ["leave"])],
)
def test_pronouns_and_function_words_are_no_needs(text, needs):
    # "one" matched every "one-on-one" service and counted as a need they met.
    from resource_directory.search.whoosh_backend import analyze_terms

    assert [concept.words for concept in SAID.concepts(text, analyze_terms)] == needs
