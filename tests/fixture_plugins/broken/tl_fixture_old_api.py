from tangerang_live import LocalizedText, Manifest, hookimpl


@hookimpl
def manifest():
    return Manifest(
        name="old_api",
        title=LocalizedText("Lama", "Old"),
        description=LocalizedText("Untuk host versi 0", "For host API 0"),
        url_prefix="/old",
        host_api=">=0.1,<1.0",
    )
