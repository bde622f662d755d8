-- Federation: a principal's subscription to a contact of another domain lives at that
-- domain's server; the roster item keeps what that server told us of it (RFC 6121: none,
-- pending while the request is unanswered, active once approved).
alter table roster_item add column remote_subscription varchar(16) default 'NONE' not null;
