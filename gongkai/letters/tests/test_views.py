"""Downloads: staff within the application's scope, the applicant through the tracking page, and the list of
an application's letters."""

import pytest
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse

from gongkai.applications import services as app_services
from gongkai.letters.selectors import application_letters, public_letters
from gongkai.letters.views import public_letter_response

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_staff_download_docx_and_pdf(client, staff, registered):
    letter = registered.letters.get()
    client.force_login(staff["handler"])
    response = client.get(reverse("letters:docx", args=[letter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"] and "filename*=utf-8''" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert body(response).startswith(b"PK")
    response = client.get(reverse("letters:pdf", args=[letter.pk]))
    assert response.status_code == 200 and body(response).startswith(b"%PDF")
    letter.refresh_from_db()
    assert letter.docx and letter.pdf
    assert reverse("letters:docx", args=[letter.pk]) == f"/letters/{letter.pk}.docx"


def test_scope_of_downloads(client, staff, registered, make_user, tree):
    letter = registered.letters.get()
    client.force_login(staff["outsider"])
    assert client.get(reverse("letters:docx", args=[letter.pk])).status_code == 404
    assert client.get(reverse("letters:pdf", args=[letter.pk])).status_code == 404
    client.force_login(staff["supervisor"])  # city-wide supervisor sees the city bureau's applications
    assert client.get(reverse("letters:docx", args=[letter.pk])).status_code == 200
    client.logout()
    response = client.get(reverse("letters:pdf", args=[letter.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_public_download_gives_only_receipts_and_delivered_replies(staff, registered):
    app_services.start_consultation(staff["handler"], registered.pk, consultation_kind="third_party", party="某公司")
    app_services.end_consultation(staff["handler"], registered.pk, opinion="disagree")
    app_services.draft_reply(staff["handler"], registered.pk, outcome="3.3.4", reason="第三方不同意公开。")
    app = app_services.approve_reply(staff["approver"], registered.pk)
    receipt, consultation, reply = (app.letters.get(kind=k) for k in ("receipt", "consultation", "reply"))

    assert body(public_letter_response(receipt, "pdf")).startswith(b"%PDF")
    with pytest.raises(Http404):
        public_letter_response(consultation, "pdf")
    with pytest.raises(Http404):
        public_letter_response(reply, "docx")  # approved but not yet delivered
    with pytest.raises(Http404):
        public_letter_response(receipt, "html")
    assert list(public_letters(app)) == [receipt]

    app = app_services.deliver(staff["handler"], app.pk, method="email")
    reply.refresh_from_db()
    assert body(public_letter_response(reply, "docx")).startswith(b"PK")
    assert list(public_letters(app)) == [receipt, reply]


def test_application_letters_include(staff, registered):
    app = app_services.request_supplement(staff["handler"], registered.pk, items="请明确年份", supplement_workdays=5)
    html = render_to_string("letters/_application_letters.html", {"letters": application_letters(app)})
    for letter in app.letters.all():
        assert letter.number in html
        assert reverse("letters:docx", args=[letter.pk]) in html and reverse("letters:pdf", args=[letter.pk]) in html
    assert "受理回执" in html and "补正告知书" in html and "2026-06-05" in html
    assert "尚未出具文书" in render_to_string("letters/_application_letters.html", {"letters": []})
