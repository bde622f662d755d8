-- A principal's public profile (XMPP clients keep a vCard there, XEP-0054), kept verbatim.
create table profile (
    principal_id bigint primary key references principal (id),
    content varchar(65536) not null,
    updated_at timestamp(6) with time zone not null
);
