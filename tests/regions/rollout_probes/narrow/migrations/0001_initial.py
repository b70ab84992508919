# The real migration, so this probe package continues the real history app.
import importlib

Migration = importlib.import_module("tenants.history.migrations.0001_initial").Migration
