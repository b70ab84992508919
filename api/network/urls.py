"""API routes: the replication network (public site)."""

from django.urls import path

from api.network.views import NetworkApi, ProvinceNetworkApi

network_patterns = [
    path("network/", NetworkApi.as_view(), name="network"),
    path("network/<slug:province_slug>/", ProvinceNetworkApi.as_view(), name="network-province"),
]
