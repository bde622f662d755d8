-- The offline store of each INSTANT INBOX gets a table of its own: it holds only the
-- messages that wait, so the archive needs no index on delivery state (one index fewer
-- to write for every message) and a sign-in finds what waits without reading the archive.
create table inbox_entry (
    message_id varchar(36) primary key references instant_message (id) on delete cascade,
    principal_id bigint not null references instant_inbox (principal_id) on delete cascade,
    sent_at timestamp(6) with time zone not null
);
create index inbox_entry_waiting on inbox_entry (principal_id, sent_at, message_id);

insert into inbox_entry (message_id, principal_id, sent_at)
select m.id, p.id, m.sent_at
from instant_message m join principal p on p.address = m.recipient_bare
where m.state = 'STORED';

drop index instant_message_inbox;
