-- XEP-0012 last activity: when a presentity's last tuple went, and its last status text.
alter table presentity add column last_active_at timestamp(6) with time zone;
alter table presentity add column last_note varchar(4096);
