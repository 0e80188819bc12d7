"""Listing columns that render their cells in Python instead of one template per cell.

A register listing shows 50 rows of 7 columns: with Wagtail's columns that is 350 cell
templates plus, per row, the actions dropdown (a component with four nested templates), about
two thirds of the page's time. These columns write the same markup with `format_html`; the
title column falls back to Wagtail's template for any button it does not know.
"""

import functools

from django.forms.utils import flatatt
from django.template.defaultfilters import date as date_filter
from django.utils.formats import get_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.widgets.button import Button, ButtonWithDropdown


def _td(column, content):
    if column.classname:
        return format_html('<td class="{}">{}</td>', column.classname, content)
    return format_html("<td>{}</td>", content)


@functools.cache
def _icon(name, classname):
    return format_html(
        '<svg class="icon icon-{} {}" aria-hidden="true"><use href="#icon-{}"></use></svg>',
        name,
        classname,
        name,
    )


class FastColumn(Column):
    """`Column` with the markup of `wagtailadmin/tables/cell.html`, without the template."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_cell_context_data(instance, parent_context)["value"]
        return _td(self, "" if value is None else value)


class FastDateColumn(DateColumn):
    """`DateColumn` with the markup of Wagtail's human-readable date, without the template."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        if not value:
            return _td(self, "")
        tooltip = date_filter(value, get_format("DATETIME_FORMAT") or "N j, Y, P")
        return _td(
            self,
            format_html(
                '<button type="button" class="w-human-readable-date" data-controller="w-tooltip"'
                ' data-w-tooltip-content-value="{}" data-w-tooltip-placement-value="top">'
                '<time class="w-human-readable-date__date" datetime="{}">{}</time></button>',
                tooltip,
                date_filter(value, "c"),
                capfirst(timesince_simple(value)),
            ),
        )


def _dropdown_html(dropdown: ButtonWithDropdown):
    items = format_html_join(
        "",
        '<a href="{}" class="{}"{}>{} {}</a>',
        (
            (
                button.url,
                button.classname,
                button.base_attrs_string,
                _icon(button.icon_name, "icon") if button.icon_name else "",
                button.label,
            )
            for button in sorted(dropdown.dropdown_buttons)
        ),
    )
    return format_html(
        '<div data-controller="w-dropdown" class="w-dropdown"{}>'
        '<button type="button" class="w-dropdown__toggle w-dropdown__toggle--icon"'
        ' data-w-dropdown-target="toggle" aria-label="{}">{}</button>'
        '<div data-w-dropdown-target="content" class="w-dropdown__content" hidden>{}</div>'
        "</div>",
        dropdown.base_attrs_string,
        dropdown.aria_label,
        _icon(dropdown.icon_name or "arrow-down", "w-dropdown__toggle-icon"),
        items,
    )


def _is_plain_dropdown(button) -> bool:
    return (
        type(button) is ButtonWithDropdown
        and button.show
        and not button.label
        and not button.classname
        and all(type(item) is Button and item.url for item in button.dropdown_buttons)
    )


class FastTitleColumn(TitleColumn):
    """`TitleColumn` (a link and the row's actions dropdown) written without templates.

    Only the plain case is written here: a link (or text) and one dropdown of link buttons,
    which is what every register listing shows. Anything else goes to Wagtail's template.
    """

    def render_cell_html(self, instance, parent_context):
        context = self.get_cell_context_data(instance, parent_context)
        buttons = context.get("buttons") or []
        if context.get("title_id") or context.get("label_id") or len(buttons) > 1:
            return super().render_cell_html(instance, parent_context)
        if buttons and not _is_plain_dropdown(buttons[0]):
            return super().render_cell_html(instance, parent_context)
        value = context["value"]
        title = "" if value is None else value
        if context.get("link_url"):
            title = format_html("<a{}>{}</a>", flatatt(context["link_attrs"]), title)
        actions = ""
        if buttons:
            dropdown = _dropdown_html(buttons[0])
            actions = format_html('<ul class="actions"><li>{}</li></ul>', dropdown)
        classname = f"{self.classname} title" if self.classname else "title"
        return format_html(
            '<td class="{}"><div class="title-wrapper">{}</div>{}</td>', classname, title, actions
        )
