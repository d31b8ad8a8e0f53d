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
    "409": {
        "type": "idempotency_conflict",
        "detail": "A request with this Idempotency-Key is still being processed. Retry later.",
        "errors": {},
    },
    "422": {
        "type": "idempotency_mismatch",
        "detail": "This Idempotency-Key was already used for another request. Use a new key.",
        "errors": {},
    },
    "429": {
        "type": "throttled",
        "detail": "Request was throttled. Expected available in 42 seconds.",
        "errors": {},
    },
    "500": {
        "type": "server_error",
        "detail": "Something went wrong on our side. If it goes on, quote this id to support: "
        "3f2a9c1e5b7d4e0f8a6c2b1d9e4f7a30.",
        "errors": {},
        "error_id": "3f2a9c1e5b7d4e0f8a6c2b1d9e4f7a30",
    },
}
DESCRIPTIONS = {
    "400": "Bad input: messages per field (or for the request, under non_field_errors).",
    "401": "No credentials on a write, or an API key that is not valid or was revoked "
    "(with WWW-Authenticate: Bearer).",
    "403": "The rules do not allow it, or the API key is read-only.",
    "404": "No such object, or one the caller may not see (others' drafts).",
    "405": "This method is not allowed here.",
    "406": "Only application/json is served.",
    "409": "A request with the same Idempotency-Key is still running.",
    "415": "Send application/json.",
    "422": "The Idempotency-Key was already used for a different request.",
    "429": "Too many requests: wait for the number of seconds in Retry-After.",
    "500": "A fault of Helix's own: quote `error_id` to support (it is in the server's log).",
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 0},
    }
}
# Headers that some error answers carry.
ERROR_HEADERS = {"409": RETRY_AFTER, "429": RETRY_AFTER}
IDEMPOTENT_REPLAYED = {
    "Idempotent-Replayed": {
        "description": "`true` when this is the stored answer to an earlier request with the "
        "same Idempotency-Key; absent otherwise.",
        "schema": {"type": "string", "enum": ["true"]},
    }
}
IF_NONE_MATCH = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "The ETag of a representation already held: 304 with no body if unchanged.",
    "schema": {"type": "string"},
}
WRITE_METHODS = {"post", "put", "patch", "delete"}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Any unique string (a UUID): a retry with the same key and body gets the "
    "first answer again (with `Idempotent-Replayed: true`) instead of acting twice. Kept 24 h.",
    "schema": {"type": "string", "maxLength": 255},
}


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
            "error_id": {
                "type": "string",
                "description": "On a server error (5xx) only: quote it to support.",
            },
        },
    }
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            codes = ["400", "401", "403", "404", "405", "406", "429", "500"]
            if method in WRITE_METHODS:
                codes += ["415"]
            if method == "post":
                codes += ["409", "422"]
                operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
            responses = operation.setdefault("responses", {})
            for code in codes:
                if code in responses:
                    continue
                responses[code] = {
                    "description": DESCRIPTIONS[code],
                    **({"headers": ERROR_HEADERS[code]} if code in ERROR_HEADERS else {}),
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Error"},
                            "examples": {
                                code: {"value": EXAMPLES[code], "summary": DESCRIPTIONS[code]}
                            },
                        }
                    },
                }
            if method == "post":
                for code, response in responses.items():
                    if code.startswith("2"):
                        response.setdefault("headers", {}).update(IDEMPOTENT_REPLAYED)
            if method == "get" and operation.get("operationId", "").endswith("_retrieve"):
                operation.setdefault("parameters", []).append(IF_NONE_MATCH)
                ok = responses.get("200", {})
                ok.setdefault("headers", {})["ETag"] = {
                    "description": "Send it back in If-None-Match to get 304 if unchanged.",
                    "schema": {"type": "string"},
                }
                responses["304"] = {"description": "Not modified: the ETag sent still matches."}
    return result
