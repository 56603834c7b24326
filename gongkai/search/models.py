"""The one table of the search app that both database backends share: the vocabulary of indexed Chinese
words. The index itself is engine-specific (an FTS5 virtual table on SQLite, a table with a ``tsvector``
column on PostgreSQL) and is created by migration 0002 with raw SQL; see ``backends.py``."""

from django.db import models


class SearchTerm(models.Model):
    """A Chinese word that occurs in the index.

    rjieba cuts "示例市教育局" into "示例 / 市 / 教育局", so a search for "教育" would never meet that text
    word for word. A query word is therefore widened to the indexed words that contain it (教育 → 教育局、
    义务教育 …), which this table lists. Words are only added; one that no longer occurs in any document
    widens a query to nothing. ``rebuild_search_index`` starts it afresh."""

    term = models.CharField("词", max_length=64, unique=True)

    class Meta:
        verbose_name = "检索词"
        verbose_name_plural = "检索词"

    def __str__(self):
        return self.term
