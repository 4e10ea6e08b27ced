"""The Account page's API tokens (make one, see it once, revoke it) and the API's docs
page, written from the OpenAPI schema in our own template (the strict CSP allows no
third-party script)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from otdesk.core.http import add_service_errors, current_user

from . import services
from .core import api
from .forms import TokenForm
from .models import ApiToken
from .permissions import get_own_token, token_holder


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    user = token_holder(current_user(request))
    posted = request.method == "POST"
    form = TokenForm(request.POST if posted else None)
    made: tuple[ApiToken, str] | None = None
    if posted and form.is_valid():
        try:
            made = services.create_token(
                actor=user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            form = TokenForm()
    rows = list(ApiToken.objects.filter(person=user))
    return render(
        request,
        "api/tokens.html",
        {
            "title": "API tokens",
            "form": form,
            "made": made,
            "rows": [(t, t.state()) for t in rows],
        },
        status=400 if posted and made is None else 200,
    )


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    token = get_own_token(user, pk)
    try:
        services.revoke_token(actor=user, token=token)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Revoked {token.name}: it no longer opens the API.")
    return redirect("apitokens:tokens")


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref:
        return dict(schema["components"]["schemas"][ref.rsplit("/", 1)[-1]])
    return node


def _type_words(schema: dict[str, Any], node: dict[str, Any]) -> str:
    if "$ref" in node:
        return node["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in node:
        return " or ".join(_type_words(schema, n) for n in node["anyOf"])
    if node.get("type") == "array":
        return f"list of {_type_words(schema, node.get('items', {}))}"
    kind = str(node.get("format") or node.get("type") or "any")
    return "time" if kind == "time" else kind


def _fields(schema: dict[str, Any], node: dict[str, Any]) -> list[dict[str, Any]]:
    body = _resolve(schema, node)
    required = set(body.get("required", []))
    return [
        {
            "name": name,
            "type": _type_words(schema, prop),
            "required": name in required,
            "about": prop.get("description", ""),
        }
        for name, prop in body.get("properties", {}).items()
    ]


def endpoints() -> list[dict[str, Any]]:
    """Each operation of the schema as the docs page lists it."""
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    found = []
    for route, operations in schema["paths"].items():
        for method, op in operations.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            codes = {str(code): answer for code, answer in op["responses"].items()}
            ok = next(code for code in codes if code.startswith("2"))
            answer = codes[ok].get("content", {}).get("application/json", {})
            found.append(
                {
                    "id": op["operationId"],
                    "method": method.upper(),
                    "path": route,
                    "summary": op.get("summary", ""),
                    "about": op.get("description", ""),
                    "tag": op.get("tags", [""])[0],
                    "params": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "type": _type_words(schema, p.get("schema", {})),
                            "required": p.get("required", False),
                            "about": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": _fields(schema, body["schema"]) if body else [],
                    "ok": ok,
                    "returns": _type_words(schema, answer.get("schema", {})) if answer else "",
                    "errors": [c for c in codes if not c.startswith("2")],
                }
            )
    return found


def docs(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "api/docs.html",
        {"title": "OT Desk API", "endpoints": endpoints(), "schema_url": "/api/v1/openapi.json"},
    )
