"""Model permissions narrowed to the records a user may reach, through Wagtail's
permission-policy API, and the one view mixin that applies the policy's scope.

A plugin says which rows a user may reach with a `scope(user, queryset)` function (the
register: the user's countries; courses: the trainees the user may see). Wagtail's own
checks (`user_has_permission_for_instance`, action buttons) then answer per record, and
`ScopedModelViewSet` narrows every view of a viewset: listings and exports leave other
records out, object views answer 403 (not 404: the site's LocaleMiddleware turns an admin
404 into a redirect that would hide the refusal).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

Scope = Callable[[object, QuerySet], QuerySet]


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions, and the rows of the model `scope` lets the user reach."""

    def __init__(self, model, scope: Scope, auth_model=None):
        super().__init__(model, auth_model=auth_model)
        self.scope = scope

    def scoped(self, user, queryset: QuerySet) -> QuerySet:
        return self.scope(user, queryset)

    def may_reach(self, user, instance) -> bool:
        rows = self.model._default_manager.filter(pk=instance.pk)
        return self.scope(user, rows).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(user, self.model._default_manager.all())

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self.may_reach(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self.may_reach(user, instance)


class ScopedReadOnlyPolicy(ScopedPermissionPolicy):
    """Records written only by the application (a log, an outbox): Wagtail's generic views may
    list and inspect them, never add, edit or delete them, whatever the user's permissions.
    The plugin's own actions check their own permission."""

    READ_ACTIONS = {"view"}

    def user_has_permission(self, user, action):
        return action in self.READ_ACTIONS and super().user_has_permission(user, action)


def register_scoped_policy(
    model, scope: Scope, policy_class: type[ScopedPermissionPolicy] = ScopedPermissionPolicy
) -> ScopedPermissionPolicy:
    """Register (once) the scoped policy of `model` for every Wagtail view and check."""
    policy = policy_registry.get_by_type(model, fallback=False)
    if not isinstance(policy, ScopedPermissionPolicy):
        policy = policy_class(model, scope)
        register_permission_policy(model, policy, exact_class=True)
    return policy


class ScopedViewMixin:
    """Narrow a generic model view to the rows its model's scoped policy lets the user reach."""

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        policy = self.permission_policy
        # History and usage views list log entries and references, not the model's rows.
        if isinstance(policy, ScopedPermissionPolicy) and queryset.model is self.model:
            return policy.scoped(self.request.user, queryset)
        return queryset

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        policy = self.permission_policy
        if isinstance(policy, ScopedPermissionPolicy) and not policy.may_reach(
            self.request.user, obj
        ):
            raise PermissionDenied
        return obj


VIEW_ATTRIBUTES = {
    "index_view_class": generic.IndexView,
    "add_view_class": generic.CreateView,
    "edit_view_class": generic.EditView,
    "delete_view_class": generic.DeleteView,
    "inspect_view_class": generic.InspectView,
    "history_view_class": history.HistoryView,
    "usage_view_class": usage.UsageView,
    "copy_view_class": generic.CopyView,
}


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose every view goes through the model's scoped permission policy.

    Subclasses define `scope(user, queryset)` and may still set their own view classes:
    each gets `ScopedViewMixin` in front of it. Viewsets are created when `wagtail_hooks`
    is imported, before any view asks for a policy, so the policy is registered in time.
    """

    policy_class: type[ScopedPermissionPolicy] = ScopedPermissionPolicy

    def scope(self, user, queryset: QuerySet) -> QuerySet:
        raise NotImplementedError

    def __init__(self, *args, **kwargs):
        for attribute in VIEW_ATTRIBUTES:
            view_class = getattr(self, attribute)
            if not issubclass(view_class, ScopedViewMixin):
                scoped = type(f"Scoped{view_class.__name__}", (ScopedViewMixin, view_class), {})
                setattr(self, attribute, scoped)
        super().__init__(*args, **kwargs)
        register_scoped_policy(self.model, self.scope, self.policy_class)
