"""Root URLs. Every page requires login (LoginRequiredMiddleware) except those marked
`login_not_required`: the login page, the password reset pages (accounts.urls), the
language switch and /healthz."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from naeringshage import redirects, request_shapes, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("programmes.urls")),
    path("", include("funding.urls")),
    path("", include("reports.urls")),
    path("", include("downloads.urls")),
    path("", include("imports.urls")),
    path("accounts/login/", redirects.LoginView.as_view(), name="login"),
    path("accounts/logout/", redirects.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # The two-factor pages, and the admin's login (before the admin's own URLs).
    path("", include("accounts.urls")),
    # Choosing a language is allowed before logging in (the login page has the switch).
    path("i18n/setlang/", redirects.set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

# A database that cannot be reached answers 503 with Retry-After, not the 500 page.
handler500 = views.server_error

# A request that cannot be read: the 400 page, which reads nothing of the body.
handler400 = request_shapes.bad_request
