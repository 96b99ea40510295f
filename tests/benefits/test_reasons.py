"""A reason kept with a screening: read back equal, said with its values, never a broken page."""

from carebridge.benefits import reasons
from carebridge.benefits.reasons import Reason, say

SAID = Reason("%(subject)s; %(condition)s.", {
    "subject": Reason("yearly income is %(amount)s", {"amount": Reason.dollars(24000)}),
    "condition": Reason.words([Reason("it must be at least %(value)s",
                                      {"value": Reason.percent(12.5)}),
                               Reason("the limit is %(value)s",
                                      {"value": Reason.dollars(1234.5)})])})


def test_a_reason_reads_back_equal_from_its_stored_form():
    kept = Reason.from_dict(SAID.as_dict())
    assert kept == SAID and hash(kept) == hash(SAID)
    assert say(SAID.as_dict()) == say(SAID) == (
        "Yearly income is $24,000; it must be at least 12.5% and the limit is $1,234.50.")


def test_a_plain_sentence_is_said_as_it_is():
    assert say("Kept before reasons were messages.") == "Kept before reasons were messages."


def test_a_translation_whose_placeholders_do_not_fit_falls_back_to_english(monkeypatch):
    monkeypatch.setattr(reasons, "gettext", lambda text: "%(nothing)s" if "%(" in text else text)
    assert say(Reason("yearly income is %(amount)s", {"amount": Reason.dollars(10)})) == (
        "Yearly income is $10")
