"""The OpenAPI schema's shared parts: the one error shape, documented on every operation."""

EXAMPLES = {
    "400": {
        "type": "validation_error",
        "detail": "The data sent is not valid.",
        "errors": {"title": ["This field is required."], "theme": ['"x" is not a valid choice.']},
    },
    "401": {
        "type": "not_authenticated",
        "detail": "Authentication credentials were not provided.",
        "errors": {},
    },
    "403": {
        "type": "permission_denied",
        "detail": "You do not have permission to perform this action.",
        "errors": {},
    },
    "404": {"type": "not_found", "detail": "No Project matches the given query.", "errors": {}},
    "405": {"type": "method_not_allowed", "detail": 'Method "PUT" not allowed.', "errors": {}},
    "406": {
        "type": "not_acceptable",
        "detail": "Could not satisfy the request Accept header.",
        "errors": {},
    },
    "415": {
        "type": "unsupported_media_type",
        "detail": 'Unsupported media type "text/plain" in request.',
        "errors": {},
    },
    "429": {
        "type": "throttled",
        "detail": "Request was throttled. Expected available in 42 seconds.",
        "errors": {},
    },
}
DESCRIPTIONS = {
    "400": "Bad input: messages per field (or for the request, under non_field_errors).",
    "401": "Not signed in (for API keys, later).",
    "403": "Not signed in with a session, or the rules do not allow it.",
    "404": "No such object, or one the caller may not see (others' drafts).",
    "405": "This method is not allowed here.",
    "406": "Only application/json is served.",
    "415": "Send application/json.",
    "429": "Too many requests: wait for the number of seconds in Retry-After.",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def add_error_responses(result, generator, request, public):
    """Postprocessing hook: document the error shape on every operation that can answer it."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {
        "type": "object",
        "description": "The one shape of every error response.",
        "required": ["type", "detail", "errors"],
        "properties": {
            "type": {"type": "string", "example": "validation_error"},
            "detail": {"type": "string"},
            "errors": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
    }
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            codes = ["400", "403", "404", "405", "406", "429"]
            if method in WRITE_METHODS:
                codes += ["401", "415"]
            responses = operation.setdefault("responses", {})
            for code in codes:
                if code in responses:
                    continue
                responses[code] = {
                    "description": DESCRIPTIONS[code],
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Error"},
                            "examples": {
                                code: {"value": EXAMPLES[code], "summary": DESCRIPTIONS[code]}
                            },
                        }
                    },
                }
            if method == "get" and operation.get("operationId", "").endswith("_retrieve"):
                ok = responses.get("200", {})
                ok.setdefault("headers", {})["ETag"] = {
                    "description": "Send it back in If-None-Match to get 304 if unchanged.",
                    "schema": {"type": "string"},
                }
                responses["304"] = {"description": "Not modified: the ETag sent still matches."}
    return result
