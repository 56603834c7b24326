"""Gap-free numbers: ``next_number(key)`` must be called inside the transaction that uses the number, so a
rolled-back action gives its number back."""

from django.db import IntegrityError, transaction

from .models import Counter


def next_number(key: str) -> int:
    with transaction.atomic():
        counter = Counter.objects.select_for_update().filter(key=key).first()
        if counter is None:
            try:
                with transaction.atomic():
                    Counter.objects.create(key=key, value=0)
            except IntegrityError:
                pass  # created concurrently; lock it below
            counter = Counter.objects.select_for_update().get(key=key)
        counter.value += 1
        counter.save(update_fields=["value"])
        return counter.value
