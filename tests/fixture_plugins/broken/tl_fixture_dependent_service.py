from tangerang_live import LocalizedText, Manifest, hookimpl


@hookimpl
def manifest():
    return Manifest(
        name="dependent_service",
        title=LocalizedText("Turunan", "Dependent"),
        description=LocalizedText("Butuh layanan dasar", "Needs the base service"),
        url_prefix="/dependent",
        requires=("base_service",),
    )
