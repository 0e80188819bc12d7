"""A big attendance sheet: the preview stays light, every row is still imported."""

from capability.register.models import Organisation
from ctps_common.models import PendingImport

from ..conftest import make_xlsx, participant
from .test_import import counts, upload


def test_big_sheet_preview_lists_errors_and_first_rows_but_imports_all(
    login, ghana_staff, ghana_workshop
):
    staff = login(ghana_staff)
    org = Organisation.objects.filter(country__code="GH").values_list("name", flat=True)[0]
    rows = [participant(f"Given{i}", f"Family{i}", org=org) for i in range(260)]
    response = upload(staff, make_xlsx(rows, workshop_code=ghana_workshop.code))
    html = staff.get(response["Location"]).content.decode()
    assert "260 new, 0 updated" in html
    assert html.count('class="import-row ') == 200
    assert "60 more rows without remarks are not shown" in html
    before = counts()
    staff.post(response["Location"], {"confirm": "1"})
    assert counts()["Attendance"] == before["Attendance"] + 260
    assert not PendingImport.objects.filter(state="previewed").exists()


def test_rows_in_error_are_all_listed(login, ghana_staff, ghana_workshop):
    staff = login(ghana_staff)
    org = Organisation.objects.filter(country__code="GH").values_list("name", flat=True)[0]
    rows = [participant(f"Given{i}", f"Family{i}", org=org) for i in range(230)]
    rows.append(participant("Bad", "Sex", org=org, sex="Q"))
    response = upload(staff, make_xlsx(rows, workshop_code=ghana_workshop.code))
    html = staff.get(response["Location"]).content.decode()
    assert html.count('class="import-row ') == 201 and "import-row--error" in html
    assert "30 more rows without remarks are not shown" in html
