-- XEP-0280 and the model's "delivery to all resources": a session may ask for copies of
-- the messages its principal sends and receives in other sessions.
alter table client_session add column receives_copies boolean default false not null;
