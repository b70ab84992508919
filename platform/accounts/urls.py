"""Account pages. The public site and every region site mount one of these lists at the root,
under the `accounts` namespace."""

from django.urls import path

from accounts import openid_connect_views, token_views, two_factor_views, views

app_name = "accounts"

_signed_in = [
    path("akun/masuk/", views.LoginView.as_view(), name="login"),
    path("akun/keluar/", views.LogoutView.as_view(), name="logout"),
    path("akun/daerah-saya/", views.my_regions, name="my_regions"),
    path("akun/pindah/<slug:slug>/", views.switch_region, name="switch_region"),
    path("akun/lupa-sandi/", views.password_reset_request, name="password_reset"),
    path("akun/verifikasi/", two_factor_views.verify_view, name="verify"),
    path("akun/keamanan/", two_factor_views.security_view, name="security"),
    path("akun/token-api/", token_views.api_tokens_view, name="api_tokens"),
    path(
        "akun/sandi-baru/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "akun/sandi-baru/selesai/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

public_patterns = [
    *_signed_in,
    path("akun/sso/<slug:slug>/", openid_connect_views.sso_start, name="sso_start"),
    path("akun/sso/<slug:slug>/kembali/", openid_connect_views.sso_callback, name="sso_callback"),
]

region_patterns = [
    *_signed_in,
    path("akun/lanjut/", views.handoff, name="handoff"),
    path("akun/undangan/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
