-- Bearer tokens (RFC 6750) that applications use over HTTP instead of the password. Only a
-- SHA-256 digest of each token is kept: a copy of the table gives nobody a usable token.
create table access_token (
    id varchar(36) primary key,
    principal_id bigint not null references principal (id),
    digest varchar(64) not null unique,
    label varchar(255) not null,
    created_at timestamp(6) with time zone not null
);
create index access_token_principal on access_token (principal_id);
