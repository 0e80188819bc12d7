"""The site frame: locales, the default site's root page, the home page (app `home`).

On the migrated database the default site's root is Wagtail's welcome page, in the default
locale ("en"). Plugin pages go under `site_root()`, whatever page that is; `HomePageFactory`
puts the site's own home page in its place, as `load_demo` does.
"""

import factory
import wagtail_factories
from django.conf import settings
from factory.django import DjangoModelFactory
from wagtail.models import Locale, Page, Site


class LocaleFactory(DjangoModelFactory):
    class Meta:
        model = Locale
        django_get_or_create = ("language_code",)

    language_code = "fr"


def locale(language_code: str = settings.LANGUAGE_CODE) -> Locale:
    return LocaleFactory(language_code=language_code)


def default_site() -> Site:
    return Site.objects.select_related("root_page").get(is_default_site=True)


def site_root() -> Page:
    """The default site's root page (a specific page), where plugin pages live."""
    return default_site().root_page.specific


HOME_BODY = {
    "en": [
        {"type": "heading", "value": {"text": "Where we work", "level": "h2"}},
        {"type": "paragraph", "value": "<p>Markets, stadiums and stations are open by design.</p>"},
        {
            "type": "cards",
            "value": {
                "title": "Partner countries",
                "cards": [
                    {"badge": "GH", "title": "Ghana", "text": "Accra and beyond."},
                    {"badge": "KE", "title": "Kenya", "text": "Crowded places."},
                ],
            },
        },
        {
            "type": "cards",
            "value": {
                "title": "What we protect",
                "cards": [
                    {"badge": "", "title": "Large-scale events", "text": "Festivals, matches."},
                    {"badge": "", "title": "Infrastructure", "text": "Airports, ports."},
                ],
            },
        },
    ],
    "fr": [
        {"type": "heading", "value": {"text": "Où nous travaillons", "level": "h2"}},
        {"type": "paragraph", "value": "<p>Marchés, stades et gares sont ouverts à tous.</p>"},
        {
            "type": "cards",
            "value": {
                "title": "Pays partenaires",
                "cards": [
                    {"badge": "GH", "title": "Ghana", "text": "Accra et au-delà."},
                    {"badge": "KE", "title": "Kenya", "text": "Lieux fréquentés."},
                ],
            },
        },
        {
            "type": "cards",
            "value": {
                "title": "Ce que nous protégeons",
                "cards": [
                    {"badge": "", "title": "Événements de grande ampleur", "text": "Festivals."},
                    {"badge": "", "title": "Infrastructure", "text": "Aéroports, ports."},
                ],
            },
        },
    ],
}


class HomePageFactory(wagtail_factories.PageFactory):
    """A published home page that replaces Wagtail's welcome page as the default site's
    root (the welcome page goes, with the site pointing at it), as `load_demo` does."""

    class Meta:
        model = "home.HomePage"
        skip_postgeneration_save = True

    title = "Protecting public spaces together"
    slug = "home"
    locale = factory.LazyFunction(locale)
    intro = "A programme that protects public spaces in Ghana, Kenya and Senegal."
    body = factory.LazyAttribute(lambda page: HOME_BODY.get(page.locale.language_code, []))
    parent = factory.LazyFunction(Page.get_first_root_node)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        for site in Site.objects.filter(root_page__depth=2).select_related("root_page"):
            if site.root_page.specific_class is not model_class:
                site.root_page.delete()  # also removes the site pointing at it
        page = super()._create(model_class, *args, **kwargs)
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": page},
        )
        return page

    @factory.post_generation
    def publish(page, create, extracted, **_kwargs):
        if create and extracted is not False:
            page.save_revision().publish()


def home_page(*, languages=("en", "fr"), **fields):
    """The site's home page in the default language, made the site root, and its
    translations (published, with their own title, intro and body)."""
    from home.models import HomePage

    home = HomePageFactory(**fields)
    for code in languages:
        if code == home.locale.language_code:
            continue
        translation = home.copy_for_translation(locale(code))
        translation.title = {"fr": "Protéger ensemble les espaces publics"}.get(code, home.title)
        translation.intro = {"fr": "Un programme qui protège les espaces publics."}.get(code, "")
        translation.body = HOME_BODY.get(code, [])
        translation.save_revision().publish()
    return HomePage.objects.get(pk=home.pk)
