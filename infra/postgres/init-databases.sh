#!/usr/bin/env bash
# One database and one login role per service; no other role may connect to it.
set -euo pipefail
for service in identity cases ideas reputation; do
  var="CHORUS_${service^^}_DB_PASSWORD"
  password="${!var:?$var must be set}"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE chorus_${service} LOGIN PASSWORD '${password}';
CREATE DATABASE chorus_${service} OWNER chorus_${service};
REVOKE ALL ON DATABASE chorus_${service} FROM PUBLIC;
SQL
done

# identity keeps social-network-derived data apart: its own role, owning only its own schema
# inside identity's database (it cannot read the verified customer schema, nor the reverse).
social_password="${CHORUS_IDENTITY_SOCIAL_DB_PASSWORD:?CHORUS_IDENTITY_SOCIAL_DB_PASSWORD must be set}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE chorus_identity_social LOGIN PASSWORD '${social_password}';
GRANT CONNECT ON DATABASE chorus_identity TO chorus_identity_social;
SQL
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname chorus_identity <<SQL
CREATE SCHEMA identity_social AUTHORIZATION chorus_identity_social;
SQL

# ideas ranks and searches with trigrams: the extension is trusted (a database owner may
# create it), created here so the service needs no privilege beyond its own database.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname chorus_ideas <<SQL
CREATE EXTENSION IF NOT EXISTS pg_trgm;
SQL
