"""/api/: the resources (DRF router, which adds the API root and `.json`/`.csv`
suffixes), the OpenAPI schema and its browsable docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("events", views.EventViewSet, basename="event")
router.register("sources", views.SourceViewSet, basename="source")
router.register("places", views.PlaceViewSet, basename="place")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("relations", views.RelationViewSet, basename="relation")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    # Log in and out links on the browsable API's pages (session authentication).
    path("auth/", include("rest_framework.urls", namespace="rest_framework")),
    path("", include(router.urls)),
]
