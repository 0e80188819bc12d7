"""Property tests: whatever a cell holds, the attendance row parsers and cleaner either return a
clean value or a user message (ValueError / a row error), never another exception."""

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from capability.register import spreadsheets
from capability.register.services import ImportPlan, RowPlan, _clean_row, _parsers

CELLS = st.one_of(
    st.none(),
    st.text(max_size=60),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["=1+1", "+cmd", "@SUM(A1)", "-2", "1e999", "NaN", "٣", "½", "1,5", "50%"]),
)
KEYS = [*spreadsheets.TEMPLATE_COLUMNS, "year_of_birth"]


def _returns_or_refuses(parse, value):
    try:
        return parse(value)
    except ValueError as error:
        assert str(error).strip()
        return None


@settings(max_examples=300, deadline=None)
@given(CELLS)
def test_decimal_parser(value):
    number = _returns_or_refuses(lambda v: spreadsheets.parse_decimal(v, low=0, high=100), value)
    if number is not None:
        assert isinstance(number, Decimal) and number.is_finite() and 0 <= number <= 100


@settings(max_examples=300, deadline=None)
@given(CELLS)
def test_year_date_bool_and_choice_parsers(value):
    year = _returns_or_refuses(spreadsheets.parse_year, value)
    assert year is None or 1920 <= year <= 2015
    date = _returns_or_refuses(spreadsheets.parse_date, value)
    assert date is None or isinstance(date, datetime.date)
    flag = _returns_or_refuses(spreadsheets.parse_bool, value)
    assert flag in (None, True, False)
    sex = _returns_or_refuses(
        lambda v: spreadsheets.parse_choice(v, spreadsheets.SEX_VALUES, "sex"), value
    )
    assert sex in (None, "F", "M", "X")


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), CELLS, max_size=len(KEYS)))
def test_row_cleaner(values):
    row = RowPlan(number=4, values=values)
    plan = ImportPlan(workshop=None, rows=[], columns=list(values), ignored=[], answers={})
    _clean_row(row, plan, _parsers())
    assert all(isinstance(message, str) and message for message in row.errors.values())
    if not row.errors:
        for key in ("given_name", "family_name", "organisation"):
            assert row.clean[key] and not row.clean[key].startswith(spreadsheets.FORMULA_PREFIXES)
        for key in ("pre_test", "post_test"):
            assert row.clean[key] is None or 0 <= row.clean[key] <= 100
        assert row.clean["sex"] in ("F", "M", "X")
