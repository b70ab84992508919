"""The rubric endpoints, mounted on both the public and every region API."""

from django.urls import path

from api.rubric.views import RubricIndicatorListApi, RubricYearDetailApi, RubricYearListApi

rubric_patterns = [
    path("rubric/years/", RubricYearListApi.as_view(), name="rubric-year-list"),
    path("rubric/years/<int:year>/", RubricYearDetailApi.as_view(), name="rubric-year-detail"),
    path(
        "rubric/years/<int:year>/indicators/",
        RubricIndicatorListApi.as_view(),
        name="rubric-indicator-list",
    ),
]
