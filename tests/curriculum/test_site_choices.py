"""Site-wide choices are a Wagtail setting: the catalogue the home page links to, the issuer and base URL of certificates."""

from django.urls import reverse

from curriculum.models import SiteChoices
from progress.badges.credential import signed_credential
from progress.certificates import verification_url
from progress.models import Certificate
from tests.factories import UserFactory


def make_certificate(user):
    return Certificate.objects.create(user=user, kind="module", achievement_key="00000000-0000-0000-0000-000000000001",
                                      achievement_title="Agua en la mina", learner_name="Ana", language="es")


def test_without_choices_the_defaults_hold_and_reading_them_writes_nothing(client, site_pages, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://aula.example.org/"
    certificate = make_certificate(UserFactory())
    assert verification_url(certificate).startswith("https://aula.example.org/es/verify/")
    assert signed_credential(certificate)["issuer"]["name"] == "ALMA Aula"
    assert client.get(f"/es/verify/{certificate.verification_key}/").status_code == 200
    assert not SiteChoices.objects.exists()


def test_the_issuer_and_base_url_chosen_in_the_settings_are_used(client, site_pages):
    site = site_pages["home"]["es"].get_site()
    SiteChoices.objects.create(site=site, certificate_issuer="Alianza ALMA", base_url="https://alma.example.org")
    user = UserFactory()
    certificate = make_certificate(user)
    badge = signed_credential(certificate)
    assert badge["issuer"] == {"id": "https://alma.example.org/ob/issuer.json", "type": ["Profile"], "name": "Alianza ALMA",
                               "url": "https://alma.example.org/"}
    assert badge["id"] == f"https://alma.example.org/es/verify/{certificate.verification_key}/"
    assert "Alianza ALMA" in client.get(f"/es/verify/{certificate.verification_key}/").content.decode()
    assert client.get(f"/api/v1/certificates/verify/{certificate.verification_key}/").json()["issuer"] == "Alianza ALMA"
    client.force_login(user)
    assert "Alianza ALMA" in client.get(reverse("progress:certificate", args=[certificate.id])).content.decode()


def test_the_home_page_links_to_the_chosen_catalogue_in_its_language(client, site_pages):
    home, catalog = site_pages["home"]["es"], site_pages["catalog"]["es"]
    second = home.add_child(instance=type(catalog)(title="Otro catálogo", slug="otro", locale=catalog.locale))
    SiteChoices.objects.create(site=home.get_site(), catalogue_page=second)
    assert second.url in client.get(home.url).content.decode()
