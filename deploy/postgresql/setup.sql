-- The role and database Homeroom's nodes use. Run once as the postgres superuser:
--   sudo -u postgres psql -v password="'a long random password'" -f setup.sql
-- Homeroom creates its own tables (homeroom migrate, or the first node that starts).
CREATE ROLE homeroom LOGIN PASSWORD :password;
-- Byte-order collation: names sort as on SQLite whatever the server's locale.
CREATE DATABASE homeroom OWNER homeroom ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8' TEMPLATE template0;
REVOKE ALL ON DATABASE homeroom FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE homeroom TO homeroom;
-- Connections: every node keeps at most databasePoolSize (default 8). Keep
-- max_connections (postgresql.conf, default 100) at least nodes x databasePoolSize + 10.
-- pg_hba.conf: let only the nodes in, over TLS, e.g.
--   hostssl homeroom homeroom 10.0.0.0/24 scram-sha-256
