"""Vocabularies between marknet's model and ST.96/ST.66 (and what offices write instead).

ST.96 has a category list for the current status, but ``MarkCurrentStatusCode`` is a union
with any token: where the list has no term for a marknet status the status word itself is
written, so nothing is lost. Readers accept both, plus the national codes seen in real data.
"""

from __future__ import annotations

from marknet.formats.records import RecordError

ST96_COMMON = "http://www.wipo.int/standards/XMLSchema/ST96/Common"
ST96_TRADEMARK = "http://www.wipo.int/standards/XMLSchema/ST96/Trademark"
ST96_GI = "http://www.wipo.int/standards/XMLSchema/ST96/GeographicalIndication"
ST96_OLD_TRADEMARK = "http://www.wipo.int/standards/XMLSchema/Trademark/1"
RUPTO = "urn:ru:rupto:trademark"
ST66 = "http://www.wipo.int/standards/XMLSchema/trademarks"
ST96_VERSION = "V6_0"

STATUS_TO_ST96 = {
    "filed": "Application Filed", "examination": "Filing date accorded",
    "published": "Application published", "registered": "Registered",
    "refused": "Application refused", "withdrawn": "Application withdrawn",
    "expired": "Expired", "surrendered": "Registration surrendered",
    "invalidated": "Invalidated", "cancelled": "Registration cancelled",
}
_STATUS_WORDS = {v.casefold(): k for k, v in STATUS_TO_ST96.items()} | {
    k: k for k in STATUS_TO_ST96} | {
    "classification checked": "examination", "application accepted": "examination",
    "opposition pending": "published", "registration published": "registered",
    "appeal pending": "refused", "interruption of proceeding": "examination",
    "revocation proceeding pending": "registered",
    "invalidity proceeding pending": "registered",
    "action before court of justice pending": "registered", "ended": "expired",
    "non renewal": "expired", "pending": "examination", "live": "registered",
    "dead": "expired", "abandoned": "withdrawn", "renewed": "registered",
}


def read_status(value: str) -> str:
    """A marknet status from an ST.96/ST.66 category, a marknet word or a USPTO code."""
    word = " ".join(value.split()).casefold()
    if word in _STATUS_WORDS:
        return _STATUS_WORDS[word]
    if word.isdigit():
        return _uspto_status(int(word))
    raise RecordError(f"status: unknown status code {value!r}")


def _uspto_status(code: int) -> str:
    # USPTO TSDR status codes: 6xx abandoned, 700–709 registered, 710–799 cancelled or
    # expired under sections 8/9/71, 8xx registered and renewed, 900 expired.
    if 600 <= code < 700:
        return "withdrawn"
    if 700 <= code < 710 or 800 <= code < 900:
        return "registered"
    if 710 <= code < 800:
        return "cancelled"
    if code >= 900:
        return "expired"
    return "examination"


KIND_TO_ST96 = {"individual": "Individual mark", "collective": "Collective mark",
                "certification": "Certification mark"}


def read_kind(values: list[str]) -> str:
    words = " ".join(values).casefold()
    if "collective" in words:
        return "collective"
    if "certification" in words:
        return "certification"
    return "individual"


FEATURES = ("Word", "Stylized characters", "Figurative", "Combined", "Three dimensional",
            "Colour", "Sound", "Hologram", "Position", "Motion", "Multimedia", "Olfactory",
            "Other")
_FEATURE_WORDS = {f.casefold(): f for f in FEATURES} | {
    "3-d": "Three dimensional", "3d": "Three dimensional", "color": "Colour",
    "stylised characters": "Stylized characters", "touch": "Other", "taste": "Other",
    "tracer": "Other", "undefined": "Other",
    # USPTO drawing types as ST.66 writes them.
    "typeset word(s) /letter(s) /number(s)": "Word", "standard character mark": "Word",
    "an illustration drawing without any words(s)/ letter(s)/number(s)": "Figurative",
    "an illustration drawing which includes word(s)/ letter(s)/number(s)": "Combined",
    "words, letters, and/or numbers in stylized form": "Stylized characters",
}
# USPTO MarkFeatureCode (drawing code) 1–5.
_USPTO_FEATURE = {"1": "Word", "2": "Figurative", "3": "Combined", "4": "Word",
                  "5": "Stylized characters", "6": "Other"}


def read_feature(value: str | None, uspto_code: str | None) -> str | None:
    """The ST.96 feature category, or None when the source does not say."""
    if value:
        word = " ".join(value.split()).casefold()
        if word in _FEATURE_WORDS:
            return _FEATURE_WORDS[word]
        raise RecordError(f"feature: unknown mark feature {value!r}")
    if uspto_code:
        return _USPTO_FEATURE.get(uspto_code.strip())
    return None


def infer_feature(has_words: bool, has_images: bool) -> str:
    if has_images:
        return "Combined" if has_words else "Figurative"
    return "Word"


HOLDER_COMMENT = "Holder"
PRIORITY_NUMBER_PREFIX = "Exhibition priority number: "
EAEU_PROCEDURE_COUNTRIES = ("AM", "BY", "KG", "KZ", "RU")
