"""The Django project of Lumbung Inovasi."""

from lumbung.celery import app as celery_app

__all__ = ["celery_app"]
