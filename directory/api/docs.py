"""The API's documentation page: the OpenAPI document rendered as HTML on the server, in the
page's language, with no script and no asset from elsewhere (django-ninja's own page loads
Swagger UI from a CDN and runs inline scripts, which the site's CSP forbids)."""

from dataclasses import dataclass, field

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language_from_request, gettext, override

from . import api

METHODS = ("get", "head", "post", "put", "patch", "delete")


@dataclass
class Field:
    name: str
    type: str
    required: bool
    description: str = ""
    where: str = ""
    ref: str = ""


@dataclass
class Operation:
    method: str
    path: str
    description: str
    anchor: str
    parameters: list[Field] = field(default_factory=list)
    responses: list[Field] = field(default_factory=list)
    example: str = ""


@dataclass
class Group:
    tag: str
    operations: list[Operation] = field(default_factory=list)


@dataclass
class Component:
    name: str
    description: str
    anchor: str
    properties: list[Field] = field(default_factory=list)


def _translated(text: str) -> str:
    # The document is in English; its sentences have French translations in the catalogue.
    return gettext(" ".join(text.split())) if text else ""


def type_of(schema: dict) -> str:
    """A JSON Schema type as a reader says it: "string or null", "array of Member"."""
    if not isinstance(schema, dict) or not schema:  # `true`, `{}`: anything
        return gettext("any")
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in schema:
            return gettext(" or ").join(type_of(part) for part in schema[combined])
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    kind = schema.get("type", "")
    if kind == "array":
        return gettext("array of %(type)s") % {"type": type_of(schema.get("items", {}))}
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return gettext("object of %(type)s") % {"type": type_of(schema["additionalProperties"])}
    if schema.get("format"):
        return f"{kind} ({schema['format']})"
    return kind or gettext("any")


def _limits(schema: dict) -> str:
    words = []
    for key, label in (("minimum", "≥"), ("maximum", "≤")):
        if key in schema:
            words.append(f"{label} {schema[key]}")
    if "maxLength" in schema:
        words.append(gettext("at most %(count)s characters") % {"count": schema["maxLength"]})
    if "maxItems" in schema:
        words.append(gettext("at most %(count)s values") % {"count": schema["maxItems"]})
    if "default" in schema:
        words.append(gettext("default %(value)s") % {"value": schema["default"]})
    return ", ".join(words)


def _parameter(parameter: dict) -> Field:
    schema = parameter.get("schema", {})
    description = _translated(parameter.get("description") or schema.get("description", ""))
    limits = _limits(schema)
    return Field(
        name=parameter["name"],
        type=type_of(schema) + (f"; {limits}" if limits else ""),
        required=parameter.get("required", False),
        description=description,
        where=parameter.get("in", ""),
    )


def _responses(responses: dict) -> list[Field]:
    rows = []
    for status, response in sorted(responses.items()):
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        rows.append(
            Field(
                name=status,
                type=type_of(schema) if schema else "",
                required=False,
                description=_translated(response.get("description", "")),
                ref=schema["$ref"].rsplit("/", 1)[-1] if "$ref" in schema else "",
            )
        )
    return rows


def groups(document: dict) -> list[Group]:
    by_tag: dict[str, Group] = {}
    for path, operations in document["paths"].items():
        for method in METHODS:
            if method not in operations:
                continue
            operation = operations[method]
            tag = (operation.get("tags") or ["api"])[0]
            parameters = [_parameter(p) for p in operation.get("parameters", [])]
            by_tag.setdefault(tag, Group(tag=_translated(tag))).operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    description=_translated(operation.get("description", "")),
                    anchor=operation["operationId"],
                    parameters=parameters,
                    responses=_responses(operation.get("responses", {})),
                    # Lists are links to follow; a detail needs a slug or id from them.
                    example="" if "{" in path else path,
                )
            )
    return list(by_tag.values())


def _answered(document: dict) -> set[str]:
    """The names of the schemas that answers use, directly or within one another."""
    schemas = document.get("components", {}).get("schemas", {})
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            ref = node.get("$ref", "").rsplit("/", 1)[-1]
            if ref and ref not in found:
                found.add(ref)
                walk(schemas.get(ref, {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for operations in document["paths"].values():
        for operation in operations.values():
            walk(operation.get("responses", {}))
    return found


def components(document: dict) -> list[Component]:
    rows = []
    answered = _answered(document)
    schemas = document.get("components", {}).get("schemas", {})
    for name, schema in sorted(schemas.items()):
        if name not in answered:
            continue
        required = set(schema.get("required", []))
        rows.append(
            Component(
                name=name,
                description=_translated(schema.get("description", "")),
                anchor=f"schema-{name}",
                properties=[
                    Field(
                        name=prop,
                        type=type_of(detail),
                        required=prop in required,
                        description=_translated(detail.get("description", "")),
                    )
                    for prop, detail in schema.get("properties", {}).items()
                ],
            )
        )
    return rows


def api_docs(request):
    """/fr/api/, /en/api/: what the API offers, how to ask, what it answers."""
    with override("en"):
        document = api.get_openapi_schema()
    return render(
        request,
        "api/docs.html",
        {
            "section": "api",
            "document": document,
            "groups": groups(document),
            "components": components(document),
            "openapi_url": reverse("api:openapi-json"),
            "index_url": reverse("api:index"),
        },
    )


def docs_redirect(request):
    """/api/v1/docs: the documentation page in the visitor's language."""
    with override(get_language_from_request(request)):
        return redirect("api_docs")
