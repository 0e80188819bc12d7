"""The results models (indicators, deliverables, follow-ups, the results page) now belong to the
`capability_results` app: remove them from this app's migration state only.

Their tables keep their names and their rows (`database_operations` is empty); the results
app's 0001_initial adds them to its own state and moves their content types (and so their
permissions, group grants, page content type and history) to `capability_results`.
"""

from django.db import migrations

STATE_OPERATIONS = [
    # Relations first, so that no model left in the state points at a deleted one.
    migrations.RemoveField(model_name="deliverable", name="country"),
    migrations.RemoveField(model_name="deliverable", name="evidence"),
    migrations.RemoveField(model_name="deliverable", name="organisations"),
    migrations.RemoveField(model_name="followup", name="person"),
    migrations.RemoveField(model_name="followup", name="recorded_by"),
    migrations.RemoveField(model_name="followup", name="workshop"),
    migrations.RemoveField(model_name="indicatorvalue", name="indicator"),
    migrations.RemoveField(model_name="indicatorbaseline", name="indicator"),
    migrations.RemoveField(model_name="indicatortarget", name="indicator"),
    migrations.RemoveField(model_name="indicatorbaseline", name="country"),
    migrations.RemoveField(model_name="indicatortarget", name="country"),
    migrations.RemoveField(model_name="indicatorvalue", name="country"),
    migrations.RemoveField(model_name="indicatorvalue", name="evidence"),
    migrations.RemoveField(model_name="indicatorvalue", name="recorded_by"),
    migrations.DeleteModel(name="DashboardPage"),
    migrations.DeleteModel(name="Deliverable"),
    migrations.DeleteModel(name="FollowUp"),
    migrations.DeleteModel(name="Indicator"),
    migrations.DeleteModel(name="IndicatorBaseline"),
    migrations.DeleteModel(name="IndicatorTarget"),
    migrations.DeleteModel(name="IndicatorValue"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("capability", "0006_listing_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[], state_operations=STATE_OPERATIONS
        ),
    ]
