"""The public pages."""

from django.urls import path

from . import views

app_name = "claims"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("claims/", views.ClaimListView.as_view(), name="claim-list"),
    path("claims/<int:pk>/", views.ClaimDetailView.as_view(), name="claim-detail"),
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="event-detail"),
    path("sources/", views.SourceListView.as_view(), name="source-list"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source-detail"),
    path("documents/", views.DocumentListView.as_view(), name="document-list"),
    path("documents/<slug:slug>/", views.DocumentDetailView.as_view(), name="document-detail"),
]
