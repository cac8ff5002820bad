from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Claim tracker — review desk"
admin.site.site_title = "Claim tracker"
admin.site.index_title = "Review claims"

handler404 = "claims.api.errors.page_not_found"
handler500 = "claims.api.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("claims.api.urls")),
    path("", include("claims.urls")),
]
