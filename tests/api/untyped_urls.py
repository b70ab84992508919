"""A URL configuration with one view drf-spectacular cannot type (no serializer, no
extend_schema): what the schema check must refuse (tests/api/test_api.py)."""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView


class UntypedApi(APIView):
    def get(self, request):
        return Response({"anything": True})


urlpatterns = [path("api/v1/untyped/", UntypedApi.as_view())]
