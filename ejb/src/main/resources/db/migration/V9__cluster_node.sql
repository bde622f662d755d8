-- Each node says it is alive every few seconds; the others end the sessions of a node
-- that has stopped saying so (it crashed, or lost its network), so its users do not
-- look available for ever and messages for them wait in their inboxes.
create table cluster_node (
    name varchar(255) primary key,
    last_seen timestamp(6) with time zone not null
);
