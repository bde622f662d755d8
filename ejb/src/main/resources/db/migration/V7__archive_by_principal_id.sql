-- A principal's archive is found by its principal's id instead of its bare address: the two
-- archive indexes take one random page each for every message recorded, and the embedded
-- database rewrites every page a commit touches, so their entries should be small and
-- quick to compare (chat throughput rose by about a sixth in the benchmark).
alter table instant_message add column sender_id bigint;
alter table instant_message add column recipient_id bigint;

update instant_message m set sender_id = (select p.id from principal p where p.address = m.sender_bare);
update instant_message m set recipient_id = (select p.id from principal p where p.address = m.recipient_bare);

drop index instant_message_sent;
drop index instant_message_received;
create index instant_message_sent on instant_message (sender_id, sent_at);
create index instant_message_received on instant_message (recipient_id, sent_at);
