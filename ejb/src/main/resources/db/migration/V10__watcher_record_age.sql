-- Watcher records older than the span watcher information shows are deleted every minute
-- (PresenceService.forgetOldWatcherRecords); this index finds them without reading the table.
create index watcher_record_age on watcher_record (recorded_at);
