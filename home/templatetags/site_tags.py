"""Template tags of the site frame: the language switcher and the pluggable main navigation."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html_join
from wagtail import hooks
from wagtail.models import Page

from ctps_common.cache import page_tree

register = template.Library()


@register.inclusion_tag("home/tags/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Link every language to the same content in that language.

    Wagtail pages link to their translation (or to the home page of that language when the
    page is not translated); other views keep their path under the other language prefix.
    """
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    translations = {}
    if isinstance(page, Page) and page.pk:
        host = request.get_host() if request else ""

        def page_links():
            links = {
                p.locale.language_code: p.get_url(request=request)
                for p in page.get_translations(inclusive=True).live().select_related("locale")
            }
            # Not translated (yet): the home page of that language.
            return {code: links.get(code, f"/{code}/") for code, _name in settings.LANGUAGES}

        translations = page_tree.cached("translations", f"{page.pk}:{host}", page_links)
    links = []
    for code, name in settings.LANGUAGES:
        url = translations.get(code)
        if url is None:
            path = request.get_full_path() if request else "/"
            url = translate_url(path, code)
            if url == path and code != current:
                url = f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"languages": links}


@register.inclusion_tag("home/tags/site_nav.html", takes_context=True)
def site_nav(context):
    """Main navigation items contributed by plugins through the `register_site_nav_item` hook.

    Each hook function takes the request and returns a dict with `label`, `url` and an
    optional `order`, or None to stay hidden (for example when the user lacks permission).
    `"method": "post"` makes the item a button posting a form with the CSRF token (sign out
    is POST-only: a link anywhere on the web must not end a session).
    """
    request = context.get("request")
    items = [item for fn in hooks.get_hooks("register_site_nav_item") if (item := fn(request))]
    items.sort(key=lambda item: item.get("order", 100))
    path = request.path if request else ""
    for item in items:
        item["current"] = path.startswith(item["url"])
    return {"items": items, "csrf_token": context.get("csrf_token")}


@register.simple_tag(takes_context=True)
def site_head_extras(context):
    """HTML plugins add to every page's head (hook `register_site_head_html`, a function of
    the request returning safe HTML or ""), e.g. the courses plugin's web app manifest."""
    request = context.get("request")
    parts = [fn(request) or "" for fn in hooks.get_hooks("register_site_head_html")]
    # Escaped unless marked safe by the plugin (render_to_string's output is).
    return format_html_join("", "{}", ((part,) for part in parts))
