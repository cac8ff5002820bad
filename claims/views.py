"""Public pages, readable without an account."""

from django.db.models import Prefetch
from django.views.generic import DetailView

from .models import Claim, Review


class ClaimDetailView(DetailView):
    template_name = "claims/claim_detail.html"
    context_object_name = "claim"

    def get_queryset(self):
        return Claim.objects.with_related().prefetch_related(
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer"))
        )
