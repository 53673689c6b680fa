"""The host's audit trail, for moderation and management actions.

The host exports ``record_audit`` at its top level from API 1.0 on; a host built before that export
keeps it in ``tangerang_live.audit``, with the same signature.
"""

try:
    from tangerang_live import record_audit
except ImportError:  # pragma: no cover - depends on the host build
    from tangerang_live.audit import record_audit

__all__ = ["record_audit"]
