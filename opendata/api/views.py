"""/api/v1/open-data/: the open datasets, their dictionary and the links to their files."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ..datasets import ALL, DATASETS, LICENCE_NAME, LICENCE_TITLE, LICENCE_URL
from ..models import DatasetFile, Format
from ..selectors import current_files
from .serializers import OpenDataSerializer


class OpenDataView(APIView):
    """The open datasets (CC BY 4.0) with their data dictionary and files, as /open-data/."""

    permission_classes = [AllowAny]

    def _file(self, file: DatasetFile) -> dict:
        return {
            "format": file.format,
            "url": self.request.build_absolute_uri(file.get_absolute_url()),
            "size": file.size,
            "rows": file.rows,
            "sha256": file.sha256,
            "built_at": file.built_at,
        }

    @extend_schema(summary="The open datasets", responses={200: OpenDataSerializer})
    def get(self, request):
        files = current_files()
        archive = files.get(ALL, {}).get(Format.ZIP)
        data = {
            "licence": {"name": LICENCE_NAME, "title": LICENCE_TITLE, "url": LICENCE_URL},
            "data_package": request.build_absolute_uri(reverse("opendata:datapackage")),
            "archive": self._file(archive) if archive else None,
            "results": [
                {
                    "slug": dataset.slug,
                    "title": str(dataset.title),
                    "description": str(dataset.description),
                    "columns": [
                        {
                            "name": column.name,
                            "type": column.type,
                            "description": str(column.description),
                            "allowed": list(column.allowed),
                        }
                        for column in dataset.columns
                    ],
                    "files": [
                        self._file(file)
                        for fmt, file in sorted(files.get(dataset.slug, {}).items())
                    ],
                }
                for dataset in DATASETS
            ],
        }
        return Response(OpenDataSerializer(data).data)
