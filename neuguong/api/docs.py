"""The API docs page, served with Swagger UI from this server's static files.

Ninja's default page loads Swagger UI from a CDN unless `ninja` is an installed app;
the system runs on closed networks, so the page is ours, its assets are vendored under
`neuguong/api/static/api/swagger-ui/`, and its Content-Security-Policy allows nothing
but this server (Swagger UI styles elements inline and draws icons as data: images).
"""

from django.shortcuts import render
from ninja.openapi.docs import DocsBase

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class LocalSwagger(DocsBase):
    settings = {
        "layout": "BaseLayout",
        "deepLinking": True,
        # Swagger UI would otherwise ask validator.swagger.io to check the schema.
        "validatorUrl": None,
    }

    def render_page(self, request, api, **kwargs):
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        response = render(
            request,
            "api/swagger.html",
            {"swagger_settings": settings, "api": api, "add_csrf": True},
        )
        response.headers["Content-Security-Policy"] = CSP
        return response
