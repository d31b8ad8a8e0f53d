from django.db import connection


def query_count(get_response):
    """Send the number of SQL queries of each request in `X-Queries`."""

    def middleware(request):
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = get_response(request)
        response["X-Queries"] = str(queries)
        return response

    return middleware
