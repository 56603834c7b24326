"""Letter downloads from the tracking page. Letters are issued by the letters app's receivers as the
application moves on (受理回执 on confirmation, 征求意见函 on consultation, 答复书 on approval)."""

import pytest
from django.http import HttpResponse
from django.urls import reverse

from gongkai.applications import services
from gongkai.letters import models as letters_models
from gongkai.letters import views as letters_views

from .conftest import payload_for_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_rendering(monkeypatch):
    """Rendering is the letters app's business; here only which letter is served matters."""
    monkeypatch.setattr(letters_views, "public_letter_response",
                        lambda letter, fmt: HttpResponse(f"letter {letter.pk} {fmt}"))


def _letter(application, kind):
    return letters_models.Letter.objects.get(application=application, kind=kind)


def _replied(tree, staff, *, deliver=True):
    app, code = services.submit_online(org=tree["city_edu"], data=payload_for_service())
    services.confirm(staff["handler"], app.pk)
    services.start_consultation(staff["handler"], app.pk, consultation_kind="third_party", party="某某公司")
    services.end_consultation(staff["handler"], app.pk, opinion="agree")
    services.draft_reply(staff["handler"], app.pk, outcome="3.4.1", reason="经检索，本机关未制作该信息。")
    services.approve_reply(staff["approver"], app.pk)
    if deliver:
        services.deliver(staff["handler"], app.pk, method="email")
    return app, code


def _track(client, app, code):
    response = client.post(reverse("portal:track"), {"tracking_no": app.tracking_no, "query_code": code})
    assert response.status_code == 302


def test_only_the_applicants_letters_of_the_tracked_application(client, tree, staff, fake_rendering):
    app, code = _replied(tree, staff)
    other, _ = _replied(tree, staff)
    reply, receipt, consultation = _letter(app, "reply"), _letter(app, "receipt"), _letter(app, "consultation")
    foreign = _letter(other, "reply")
    assert client.get(reverse("portal:letter", args=[reply.pk, "pdf"])).status_code == 404  # not tracked yet
    _track(client, app, code)
    html = client.get(reverse("portal:track")).content.decode()
    assert "（四）无法提供" in html and "文书" in html
    assert reverse("portal:letter", args=[reply.pk, "docx"]) in html
    assert reverse("portal:letter", args=[receipt.pk, "pdf"]) in html
    assert reverse("portal:letter", args=[consultation.pk, "pdf"]) not in html
    for letter in (reply, receipt):
        for fmt in ("pdf", "docx"):
            response = client.get(reverse("portal:letter", args=[letter.pk, fmt]))
            assert response.status_code == 200 and response.content.decode() == f"letter {letter.pk} {fmt}"
            assert "no-store" in response["Cache-Control"]
    assert client.get(reverse("portal:letter", args=[consultation.pk, "pdf"])).status_code == 404
    assert client.get(reverse("portal:letter", args=[foreign.pk, "pdf"])).status_code == 404
    assert client.get(reverse("portal:letter", args=[reply.pk, "html"])).status_code == 404
    client.post(reverse("portal:track"), {"action": "end"})
    assert client.get(reverse("portal:letter", args=[reply.pk, "pdf"])).status_code == 404


def test_reply_only_after_delivery_but_receipt_at_once(client, tree, staff, fake_rendering):
    app, code = _replied(tree, staff, deliver=False)
    reply, receipt = _letter(app, "reply"), _letter(app, "receipt")
    _track(client, app, code)
    html = client.get(reverse("portal:track")).content.decode()
    assert reverse("portal:letter", args=[receipt.pk, "pdf"]) in html
    assert reverse("portal:letter", args=[reply.pk, "pdf"]) not in html and "答复书在送达后可在此下载" in html
    assert client.get(reverse("portal:letter", args=[reply.pk, "pdf"])).status_code == 404
    assert client.get(reverse("portal:letter", args=[receipt.pk, "pdf"])).status_code == 200


def test_real_docx_download(client, tree, staff):
    app, code = _replied(tree, staff)
    _track(client, app, code)
    response = client.get(reverse("portal:letter", args=[_letter(app, "reply").pk, "docx"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"PK\x03\x04"
    assert "attachment" in response["Content-Disposition"]
