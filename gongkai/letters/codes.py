"""Kinds of standard letters (告知书、答复书、函) and which of them the applicant may download."""

from django.db import models


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", "受理回执"
    SUPPLEMENT = "supplement", "补正告知书"
    EXTENSION = "extension", "延期答复告知书"
    CONSULTATION = "consultation", "第三方意见征询函"
    CONSULTATION_AGENCY = "consultation_agency", "行政机关征求意见函"
    FEE = "fee", "收费通知"
    REPLY = "reply", "答复书"


# The applicant gets the letters addressed to them that end a stage they track online: the receipt and the
# reply. Consultation letters go to third parties and must not reach the applicant through the tracking page.
# Letters addressed to the applicant (the consultation letters go to third parties and other agencies).
PUBLIC_KINDS = (LetterKind.RECEIPT, LetterKind.SUPPLEMENT, LetterKind.EXTENSION, LetterKind.FEE, LetterKind.REPLY)

# The order of the template list page.
KIND_ORDER = [LetterKind.RECEIPT, LetterKind.SUPPLEMENT, LetterKind.EXTENSION, LetterKind.CONSULTATION,
              LetterKind.CONSULTATION_AGENCY, LetterKind.FEE, LetterKind.REPLY]
