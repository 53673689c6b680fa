"""Tangerang LIVE: the host of the city's service plugins.

This package's top level is the public API for plugins: import from ``tangerang_live`` only, never
from its submodules, so the host can move code around without breaking a department's plugin.
"""

from __future__ import annotations

import pluggy

HOST_API_VERSION = "1.1"
"""The plugin API version this host provides; plugins declare the range they support."""

hookimpl = pluggy.HookimplMarker("tangerang_live")
"""Mark a plugin's hook implementations: ``@hookimpl`` above a function named after the hook."""

from tangerang_live.accounts import (  # noqa: E402
    FormErrors,
    InvalidInput,
    Nik,
    ensure_officer,
    normalize_email,
    normalize_phone,
    parse_nik,
    password_problem,
)
from tangerang_live.audit import record_audit  # noqa: E402
from tangerang_live.auth import (  # noqa: E402
    current_user,
    grant_permission,
    has_permission,
    permitted_departments,
    permitted_organisations,
    permitted_scopes,
    require_admin,
    require_permission,
    require_role,
)
from tangerang_live.city import (  # noqa: E402
    CITY_TIMEZONE,
    KECAMATAN,
    Kecamatan,
    city_now,
    city_today,
    kecamatan_by_code,
    nearest_kecamatan,
)
from tangerang_live.config_cache import config_cached, config_changed  # noqa: E402
from tangerang_live.context import (  # noqa: E402
    PluginContext,
    PluginSettings,
    absolute_url,
    plugin_context,
)
from tangerang_live.contracts import (  # noqa: E402
    Command,
    DemoContext,
    LocalizedText,
    Manifest,
    NavItem,
    Permission,
    SearchResult,
    Setting,
    Task,
    Widget,
)
from tangerang_live.documents import store_document, store_document_bytes  # noqa: E402
from tangerang_live.files import file_url  # noqa: E402
from tangerang_live.i18n import (  # noqa: E402
    DEFAULT_LOCALE,
    LOCALES,
    N_,
    Labels,
    current_locale,
    format_date,
    format_datetime,
    gettext,
    in_locale,
)
from tangerang_live.models import (  # noqa: E402
    AuditEntry,
    Department,
    Organisation,
    OrganisationMember,
    Role,
    User,
)
from tangerang_live.notifications import notify, unread_count  # noqa: E402
from tangerang_live.numbering import next_number  # noqa: E402
from tangerang_live.organisations import (  # noqa: E402
    add_member,
    create_organisation,
    is_member,
    organisations_of,
    remove_member,
)
from tangerang_live.pagination import (  # noqa: E402
    KeysetPage,
    Page,
    cursor_param,
    page_param,
    paginate,
    paginate_keyset,
)
from tangerang_live.portal import render  # noqa: E402
from tangerang_live.responses import redirect  # noqa: E402
from tangerang_live.route_access import Access, declare_access, parse_id  # noqa: E402
from tangerang_live.service_models import (  # noqa: E402
    Notification,
    OutboxMessage,
    PublicHoliday,
    StoredFile,
)
from tangerang_live.templating import markup  # noqa: E402
from tangerang_live.tokens import InvalidToken, qr_svg, sign_token, verify_token  # noqa: E402
from tangerang_live.uploads import (  # noqa: E402
    PreparedImage,
    UploadError,
    prepare_image,
    save_image,
    store_image,
    store_image_bytes,
)
from tangerang_live.workdays import (  # noqa: E402
    add_working_days,
    ensure_default_holidays,
    load_holidays,
    working_days_between,
)

__all__ = [
    "Access",
    "AuditEntry",
    "DEFAULT_LOCALE",
    "LOCALES",
    "current_locale",
    "Command",
    "PluginContext",
    "PluginSettings",
    "Setting",
    "Task",
    "plugin_context",
    "redirect",
    "InvalidToken",
    "next_number",
    "qr_svg",
    "sign_token",
    "store_document",
    "store_document_bytes",
    "verify_token",
    "Organisation",
    "OrganisationMember",
    "add_member",
    "create_organisation",
    "grant_permission",
    "is_member",
    "organisations_of",
    "permitted_organisations",
    "permitted_scopes",
    "remove_member",
    "CITY_TIMEZONE",
    "KECAMATAN",
    "Kecamatan",
    "absolute_url",
    "city_now",
    "city_today",
    "gettext",
    "in_locale",
    "Labels",
    "N_",
    "kecamatan_by_code",
    "nearest_kecamatan",
    "DemoContext",
    "Department",
    "FormErrors",
    "InvalidInput",
    "Nik",
    "ensure_officer",
    "format_date",
    "format_datetime",
    "normalize_email",
    "normalize_phone",
    "parse_nik",
    "password_problem",
    "HOST_API_VERSION",
    "KeysetPage",
    "LocalizedText",
    "Manifest",
    "NavItem",
    "Notification",
    "OutboxMessage",
    "Page",
    "Permission",
    "PublicHoliday",
    "Role",
    "SearchResult",
    "StoredFile",
    "PreparedImage",
    "UploadError",
    "User",
    "Widget",
    "add_working_days",
    "config_cached",
    "config_changed",
    "current_user",
    "cursor_param",
    "declare_access",
    "ensure_default_holidays",
    "file_url",
    "has_permission",
    "hookimpl",
    "load_holidays",
    "markup",
    "notify",
    "page_param",
    "paginate",
    "paginate_keyset",
    "parse_id",
    "permitted_departments",
    "record_audit",
    "render",
    "require_admin",
    "require_permission",
    "require_role",
    "prepare_image",
    "save_image",
    "store_image",
    "store_image_bytes",
    "unread_count",
    "working_days_between",
]
