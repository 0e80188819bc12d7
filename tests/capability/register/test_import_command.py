"""`manage.py import_attendance`: the admin's pipeline from the command line (issue 15)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from capability.register.models import Attendance, Organisation
from ctps_common.models import PendingImport

from .test_sheets_as_they_come import row, senegal, sheet  # noqa: F401 (fixture)


@pytest.fixture
def sheet_file(tmp_path, senegal):  # noqa: F811
    rows = [
        row(1, "Moussa", "DIOP", post=0.7),
        row(2, "Awa", "Sarr", org="Sapeurs-pompiers de Dakar", post="65 %"),
        row(3, "Moussa", "Diop", post=0.7),  # the same person again
    ]
    path = tmp_path / "feuille-2019.xlsx"
    path.write_bytes(sheet(rows, code=senegal["workshop"].code))
    return path


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_attendance", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_prints_the_preview_and_writes_nothing(sheet_file, senegal):  # noqa: F811
    staff = senegal["staff"].email
    out, _err = run(
        str(sheet_file), "--workshop", "sn-dakar-2025-03", "--as", staff, "--dry-run",
        "--fractions=percent", "--create-organisations",
    )  # fmt: skip
    assert "Ignored columns: N°, Signature" in out
    assert "0.7 → 70.0 %" in out and "Same person as row 4" in out
    assert "Emergency services" in out  # the guessed type, shown
    assert "Dry run: feuille-2019.xlsx into SN-Dakar-2025-03: 2 new" in out
    assert not Attendance.objects.exists() and not PendingImport.objects.exists()


def test_an_ambiguous_fraction_without_a_choice_is_a_refusal(sheet_file, senegal):  # noqa: F811
    with pytest.raises(CommandError, match="--fractions=percent"):
        run(
            str(sheet_file), "--workshop", "SN-Dakar-2025-03", "--as", senegal["staff"].email,
            "--create-organisations",
        )  # fmt: skip
    assert not Attendance.objects.exists()


def test_import_with_choices_writes_everything_once(sheet_file, senegal):  # noqa: F811
    args = [str(sheet_file), "--workshop", "SN-Dakar-2025-03", "--as", senegal["staff"].email,
            "--fractions=percent", "--create-organisations"]  # fmt: skip
    out, _err = run(*args)
    assert "Imported feuille-2019.xlsx into" in out
    scores = sorted(float(a.post_test_score) for a in Attendance.objects.all())
    assert scores == [65.0, 70.0]
    assert Organisation.objects.get(name="Sapeurs-pompiers de Dakar").type == "emergency_services"
    out, _err = run(*args)  # again: the same people, unchanged
    assert "0 new, 0 updated, 3 unchanged" in out  # the merged row counts as unchanged
    assert Attendance.objects.count() == 2


def test_the_scope_is_the_named_users(sheet_file, senegal):  # noqa: F811
    from tests.factories.register import CountryStaffFactory

    ghana = CountryStaffFactory(countries=["GH"])
    with pytest.raises(CommandError, match="No workshop"):
        run(str(sheet_file), "--workshop", "SN-Dakar-2025-03", "--as", ghana.email)
