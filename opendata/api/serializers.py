from rest_framework import serializers


class LicenceSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="SPDX identifier: CC-BY-4.0.")
    title = serializers.CharField()
    url = serializers.URLField()


class ColumnSerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.ChoiceField(choices=["string", "integer", "boolean", "date", "datetime"])
    description = serializers.CharField(help_text="Its meaning, in the caller's language.")
    allowed = serializers.ListField(
        child=serializers.CharField(), help_text="The values it may take; empty: any."
    )


class FileSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=["csv", "json", "zip"])
    url = serializers.URLField(help_text="Download (answers ETag and Last-Modified, and 304).")
    size = serializers.IntegerField(help_text="Bytes.")
    rows = serializers.IntegerField(allow_null=True, help_text="Data rows (null for the ZIP).")
    sha256 = serializers.CharField(help_text="Also the file's ETag.")
    built_at = serializers.DateTimeField()


class DatasetSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    columns = ColumnSerializer(many=True, help_text="The data dictionary.")
    files = FileSerializer(many=True, help_text="Empty until the first build.")


class OpenDataSerializer(serializers.Serializer):
    licence = LicenceSerializer()
    data_package = serializers.URLField(help_text="The data dictionary as datapackage.json.")
    archive = FileSerializer(allow_null=True, help_text="Everything in one ZIP.")
    results = DatasetSerializer(many=True)
