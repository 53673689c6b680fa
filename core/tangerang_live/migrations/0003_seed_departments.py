"""Data: the city departments (OPD) that answer citizens, so every portal starts with them.

Kept in a migration (not in demo data) because plugins route real work to these codes. Adding a
department later is an admin's job on /admin/departments; this runs once per database and skips
codes that already exist, so an admin's renaming is never undone.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

DEPARTMENTS = [
    ("pupr", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("dishub", "Dinas Perhubungan"),
    ("dlh", "Dinas Lingkungan Hidup"),
    ("damkar", "Dinas Pemadam Kebakaran dan Penyelamatan"),
    ("bpbd", "Badan Penanggulangan Bencana Daerah"),
    ("dinsos", "Dinas Sosial"),
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("dindik", "Dinas Pendidikan"),
    ("dinkes", "Dinas Kesehatan"),
    ("disnaker", "Dinas Ketenagakerjaan"),
    ("disbudpar", "Dinas Kebudayaan dan Pariwisata"),
    ("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    ("satpolpp", "Satuan Polisi Pamong Praja"),
    ("diskominfo", "Dinas Komunikasi dan Informatika"),
    ("rsud", "RSUD Kota Tangerang"),
]


async def seed_departments(apps, schema_editor):
    department = apps.get_model("core", "Department")
    existing = set(await department.all().values_list("code", flat=True))
    for code, name in DEPARTMENTS:
        if code not in existing:
            await department.create(code=code, name=name, is_active=True)


async def remove_departments(apps, schema_editor):
    department = apps.get_model("core", "Department")
    await department.filter(code__in=[code for code, _ in DEPARTMENTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_shared_services")]

    initial = False

    operations = [ops.RunPython(seed_departments, remove_departments)]
