"""What the pages show for the domain's machine values, in the reader's language: reasons,
actors, deadlines' rules, errors and certificate status. Only public facts leave here.

Reasons come from ``marknet.match`` with a reason code and its arguments, rendered from match's
template in the page language, the marks' own words marked as not to be translated; a reason
stored without a code (older notifications) is matched by its English shape and rebuilt from
the catalogue.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from marknet.errors import MarknetError
from marknet.match.reasons import codes as reason_codes
from marknet.match.reasons import render as render_reason
from marknet.model.area import svg_path
from marknet.model.gi import certificate_status as status_on
from marknet.web.i18n import has_key, local_date

T = Callable[..., str]

# (pattern of an English reason, catalogue key); named groups are passed to the template.
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), k) for p, k in (
        (r"^contains the protected GI name (?P<a>.+?) \((?P<goods>.+)\)$", "why_gi"),
        (r"^goods not compared: no classes given$", "why_goods_no_classes"),
        (r"^goods not compared: the GI names no class$", "why_goods_gi_no_class"),
        (r"^(?P<verdict>sounds (?:alike|similar|different)|looks (?:alike|similar|different))"
         r": (?P<a>.+?) ~ (?P<b>.+?)(?: \((?P<notes>[^()]*)\))?$", "why_compare"),
        (r"^same words: (?P<a>.+) = (?P<b>.+?) \((?P<c>.+) read as (?P<d>[^()]+)\)$",
         "why_same_words_read"),
        (r"^same words: (?P<a>.+) = (?P<b>.+)$", "why_same_words"),
        (r"^same words in other forms: (?P<a>.+) = (?P<b>.+)$", "why_same_forms"),
        (r"^contains: (?P<a>.+) in (?P<b>.+)$", "why_contains"),
        (r"^contains within a word: (?P<a>.+) in (?P<b>.+)$", "why_contains_word"),
        (r"^nothing to (?:contain|see|pronounce)$", "why_nothing"),
        (r"^neither contains the other$", "why_neither"),
        (r"^same class (?P<a>\d+)$", "why_same_class"),
        (r"^same classes \[(?P<a>[\d, ]+)\]$", "why_same_classes"),
        (r"^(?P<rest>(?:same class|related classes).+?); (?P<terms>terms .+)$", "why_goods_terms"),
        (r"^terms alike: (?P<a>.+) ~ (?P<b>.+)$", "why_terms_alike"),
        (r"^terms related: (?P<a>.+) ~ (?P<b>.+)$", "why_terms_related"),
        (r"^terms different: (?P<a>.+) / (?P<b>.+)$", "why_terms_different"),
        (r"^related classes (?P<a>\d+)~(?P<b>\d+): (?P<rel>.+)$", "why_related"),
        (r"^unrelated classes \[(?P<a>[\d, ]*)\] / \[(?P<b>[\d, ]*)\]$", "why_unrelated"),
        (r"^different meanings: (?P<a>.+) / (?P<b>.+)$", "why_other_meaning"),
        (r"^same meaning: (?P<a>.+)$", "why_same_meaning"),
        (r"^same text: (?P<a>.+) = (?P<b>.+)$", "why_mode_exact"),
        (r"^starts with (?P<a>.+): (?P<b>.+)$", "why_mode_prefix"),
        (r"^contains (?P<a>.+): (?P<b>.+)$", "why_mode_contains"),
        (r"^spelled alike: (?P<a>.+) ~ (?P<b>.+)$", "why_mode_fuzzy"),
        (r"^pronounced alike: (?P<a>.+) ~ (?P<b>.+)$", "why_mode_phonetic"),
        (r"^the same name in another script: (?P<a>.+) ~ (?P<b>.+)$", "why_mode_translit"),
    ))
_NOTES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), k) for p, k in (
        (r"^(?P<a>.+) read as (?P<b>.+)$", "note_read_as"),
        (r"^same phonetic key (?P<a>.+)$", "note_same_key"),
        (r"^(?P<a>\d+) vs (?P<b>\d+) syllables$", "note_syllables"),
        (r"^look-alike letters$", "note_lookalike"),
        (r"^mixed alphabets in (?P<a>.+)$", "note_mixed"),
        (r"^different alphabets: (?P<a>.+) / (?P<b>.+)$", "note_alphabets"),
        (r"^compared in one alphabet through transliteration$", "note_one_alphabet"),
    ))
_SCRIPTS = ("Cyrillic", "Latin", "Greek")


def reason(value: Any, t: T, lang: str = "en") -> Markup:
    """One criterion's reason in the reader's language; the marks' own words are kept as
    they are and marked ``translate="no"``. *value*: a criterion, its JSON form, or the
    English text alone."""
    code = value.get("code") if isinstance(value, dict) else getattr(value, "code", None)
    if code and code in reason_codes():
        args = value.get("args") or {} if isinstance(value, dict) else value.args
        given = {}
        if "relation" in args and has_key(lang, "rel_" + str(args["relation"])):
            given["relation"] = str(Markup.escape(t("rel_" + str(args["relation"]))))
        if code == "gi_contained":
            given["goods"] = str(_reason_text(str(args.get("goods", "")), t))
        return Markup(render_reason(code, args, lang, lambda v: str(_own(v)), given))
    text = value.get("reason", "") if isinstance(value, dict) else getattr(value, "reason",
                                                                           value)
    return _reason_text(str(text), t)


def _reason_text(text: str, t: T) -> Markup:
    for pattern, key in _REASONS:
        found = pattern.match(text)
        if found:
            values: dict[str, str | Markup] = {k: _own(v or "") for k, v in
                                               found.groupdict().items()}
            if "verdict" in values:
                values["verdict"] = t("verdict_" + str(found["verdict"]).replace(" ", "_"))
                notes = [_note(n, t) for n in (found["notes"] or "").split("; ") if n]
                values["notes"] = Markup(" ({})").format(Markup("; ").join(notes)) \
                    if notes else ""
            if "rel" in values:
                values["rel"] = t("rel_" + found["rel"])
            for part in ("rest", "terms", "goods"):
                if part in values:
                    values[part] = _reason_text(found[part], t)
            return Markup(t(key)).format(**values)
    return Markup(t("why_other"))


def _own(words: str) -> Markup:
    return Markup('<span translate="no">{}</span>').format(words) if words else Markup()


def _note(text: str, t: T) -> Markup:
    for pattern, key in _NOTES:
        found = pattern.match(text)
        if found:
            if key == "note_alphabets":
                return Markup(t(key)).format(**{k: _scripts(v, t)
                                                for k, v in found.groupdict().items()})
            if key == "note_mixed":
                names = (_own(n) for n in found["a"].split(" and "))
                return Markup(t(key)).format(a=Markup(t("and")).join(names))
            return Markup(t(key)).format(**{k: _own(v) for k, v in found.groupdict().items()})
    return Markup(t("why_other"))  # a new shape: shown as untranslated (a test looks for it)


def _scripts(names: str, t: T) -> str:
    return "+".join(t("script_" + n) if n in _SCRIPTS else n for n in names.split("+"))


# Who acted, as the public may know it: the office and the role, never an account or a file.
_ROLES = ("applicant", "examiner", "office", "clock", "third_party")


def actor(raw: str, office: str, t: T) -> str:
    role = raw.split(":", 1)[0] if ":" in raw else ""
    key = f"actor_{role}" if role in _ROLES else "actor_register"
    return t(key, office=office)


_RULE = re.compile(r"^(?P<name>\w+): (?P<months>\d+) months(?: \((?P<source>.*?)\))?"
                   r"(?P<check> \[check\])?$")


def deadline_rule(text: str, lang: str, t: T) -> str:
    """``reply_to_notice: 6 months (RU Civil Code art. 1499)`` → «6 мес. (ГК РФ, ст. 1499)»."""
    found = _RULE.match(text or "")
    if not found:
        return t("rule_unknown") if text else "—"
    source = found.group("source") or ""
    parts = [t("months", n=int(found.group("months")))]
    if source:
        key = "src_" + source
        parts.append(f"({t(key) if has_key(lang, key) else t('src_office_setting')})")
    if found.group("check"):
        parts.append(t("rule_check"))
    return " ".join(parts)


def certificate_status(cert: dict[str, Any], today: dt.date) -> str:
    """The certificate's status as of today: a lapsed term is expired, whatever was stored."""
    return status_on(cert.get("status") or "valid", cert.get("expiry_date"), today).value


def area_path(boundary: Any) -> str:
    """The GI's area as an SVG path (numbers and letters only), or "" when it cannot be drawn."""
    if not isinstance(boundary, dict):
        return ""
    try:
        return svg_path(boundary)
    except MarknetError:
        return ""


_STEP_REFUSALS = (("is allowed only", "err_step_state"), ("only the", "err_step_role"),
                  ("period ended", "err_step_late"))


def error_text(exc: MarknetError, t: T, lang: str) -> str:
    """A refusal in the reader's language: the rule's own text when the catalogue has it,
    else what kind of input was wrong."""
    rule = re.match(r"^rule ([\w.]+):", exc.message)
    if rule and has_key(lang, "err_rule_" + rule.group(1)):
        return t("err_rule_" + rule.group(1))
    if rule:
        for marker, key in _STEP_REFUSALS:
            if marker in exc.message:
                return t(key)
    problems = exc.details.get("problems") or [exc.message]
    said = dict.fromkeys(_problem(str(p), lang, t) for p in problems)
    said.pop("", None)
    if said:
        return " ".join(said)
    return t("err_" + exc.code) if has_key(lang, "err_" + exc.code) else t("err_generic")


# Words in a search problem (``marknet.search.query``) naming the field it is about.
_FIELD_WORDS = (("form expired", "csrf"), ("from another site", "csrf"),
                ("Nice class", "class"), ("Vienna", "vienna"), ("filed", "filed"),
                ("query", "q"), ("mode", "mode"), ("status", "status"), ("kind", "kind"),
                ("feature", "feature"), ("office", "office"), ("page", "page"))


def _problem(text: str, lang: str, t: T) -> str:
    first = re.match(r"^(\w+)\b", text)
    if first and has_key(lang, "err_field_" + first.group(1)):
        return t("err_field_" + first.group(1))
    for word, name in _FIELD_WORDS:
        if word in text:
            return t("err_field_" + name)
    return ""


def dates(lang: str) -> Callable[[Any], str]:
    return lambda value: local_date(value, lang)
