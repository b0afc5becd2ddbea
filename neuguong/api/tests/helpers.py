"""An API client that sends a personal token."""

import json

from django.test import Client

from neuguong.core.tokens import create_token

API = "/api/v1"


class ApiClient:
    def __init__(self, token: str | None = None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def call(self, method: str, path: str, body=None, **params):
        kwargs = {"headers": self.headers}
        if params:
            kwargs["query_params"] = params
        if body is not None:
            kwargs["data"] = body if isinstance(body, str | bytes) else json.dumps(body)
            kwargs["content_type"] = "application/json"
        return self.client.generic(method.upper(), API + path, **kwargs)

    def get(self, path, **params):
        return self.call("GET", path, **params)

    def post(self, path, body=None):
        return self.call("POST", path, body if body is not None else {})

    def patch(self, path, body):
        return self.call("PATCH", path, body)

    def delete(self, path):
        return self.call("DELETE", path)


def client_for_user(user) -> ApiClient:
    _token, raw = create_token(by=user, name="test")
    return ApiClient(raw)
