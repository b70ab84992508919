import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lumbung.settings")
application = get_wsgi_application()

# Everything loaded at start-up (apps, models, translations) lives as long as the process: keep
# it out of the garbage collector's full passes, which otherwise stall a request now and then
# (measured in bench/registry.py: p95 of the list endpoint 170 ms -> 80 ms).
gc.freeze()
