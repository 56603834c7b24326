"""Platform-wide tables that belong to no single concept."""

from django.db import models


class Counter(models.Model):
    """Gap-free numbering per key (e.g. tracking numbers per body and year, letter numbers)."""

    key = models.CharField(max_length=120, unique=True)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "编号计数器"

    def __str__(self):
        return f"{self.key}={self.value}"
