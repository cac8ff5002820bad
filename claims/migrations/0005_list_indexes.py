"""Indexes for the claim lists at scale.

claim_source_status_idx gains the id: `?source=…&status=…` ordered by id reads a
page straight from the index instead of walking the primary key and filtering.
claim_event_source_idx gains it too: claims of the events of a date range or a
place are counted, and a page of their ids picked, from the index alone. The two
partial indexes hold each end of the live contradictions and denials, which
`contested` filters and the contradiction counts read.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0004_claim_search_vector'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='claim',
            name='claim_source_status_idx',
        ),
        migrations.RemoveIndex(
            model_name='claim',
            name='claim_event_source_idx',
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['source', 'status', 'id'], name='claim_source_status_idx'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['event', 'source', 'id'], name='claim_event_source_idx'),
        ),
        migrations.AddIndex(
            model_name='relation',
            index=models.Index(condition=models.Q(models.Q(('state', 'rejected'), _negated=True), ('kind__in', ('contradicts', 'denies'))), fields=['from_claim'], name='relation_contesting_from_idx'),
        ),
        migrations.AddIndex(
            model_name='relation',
            index=models.Index(condition=models.Q(models.Q(('state', 'rejected'), _negated=True), ('kind__in', ('contradicts', 'denies'))), fields=['to_claim'], name='relation_contesting_to_idx'),
        ),
    ]
