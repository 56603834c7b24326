"""The staff JSON API (``/api/v1``, django-ninja): bearer tokens, the bodies in a user's scope, and the
disclosure applications with their actions. Every read goes through ``gongkai.orgs.scoping`` and every change
through ``gongkai.applications.services``; this app only translates HTTP to service calls and back."""
