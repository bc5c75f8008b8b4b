"""Watches: a user watches a mark or a query (with classes) and is told, in the pages and by
webhook, of each new filing in any register the node holds that scores above the threshold."""

from marknet.watch.scanner import scan_new_filings
from marknet.watch.service import WatchService
from marknet.watch.watches import (
    Watch,
    create_watch,
    delete_watch,
    list_notifications,
    list_watches,
    mark_seen,
)

__all__ = ["Watch", "WatchService", "create_watch", "delete_watch", "list_notifications",
           "list_watches", "mark_seen", "scan_new_filings"]
