"""A join link followed by someone without an account keeps the class code through sign-in and sign-up."""

from urllib.parse import unquote

from django.urls import reverse


def test_the_code_survives_from_the_join_link_through_sign_up(client, classroom):
    link = f"/es/classes/join/?code={classroom.join_code}"
    login = client.get(link)
    assert login.status_code == 302
    page = client.get(login["Location"]).content.decode()
    signup_link = f'{reverse("signup")}?next={link.replace("/", "%2F").replace("?", "%3F").replace("=", "%3D")}'
    assert signup_link in page  # "Create a free account" keeps the join link
    form = client.get(signup_link).content.decode()
    assert f'name="next" value="{link}"' in form
    response = client.post(signup_link, {"username": "nueva", "email": "", "password1": "Salar-de-Uyuni-2024",
                                         "password2": "Salar-de-Uyuni-2024"})
    assert unquote(response["Location"]) == link
    joined = client.get(response["Location"]).content.decode()
    assert f'value="{classroom.join_code}"' in joined
